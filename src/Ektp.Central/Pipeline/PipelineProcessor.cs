using System.Globalization;
using System.Text.Json;
using Ektp.Biometrics;
using Ektp.Central.Adjudication;
using Ektp.Central.Data;
using Ektp.Central.Decisions;
using Ektp.Central.Gallery;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Pipeline;

/// <summary>
/// Runs one stage of one job: validate → demographic check → biometric 1:N search → decision. Each stage writes its
/// effect and the stage advance in one <c>SaveChanges</c> (one transaction), so a crash between stages repeats at
/// most the stage that had not committed, and that stage has no effect outside the database: the gallery follows the
/// gallery log, which is written in the same transaction as the person.
/// </summary>
internal sealed class PipelineProcessor(
    CentralDbContext db,
    IGallery gallery,
    DatabaseSettings database,
    CentralKeys keys,
    CentralSettings settings,
    DataCipher cipher,
    TimeProvider clock)
{
    private const int MaxCandidates = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The next job due, oldest first; null when the pipeline is idle.</summary>
    public async Task<PipelineJob?> NextDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.PipelineJobs
            .Where(j => j.Stage != PipelineStage.Done && (j.NextAttemptAt == null || j.NextAttemptAt <= now))
            .OrderBy(j => j.CreatedAt).ThenBy(j => j.PacketId).FirstOrDefaultAsync(ct);
    }

    /// <summary>Runs the job's current stage and commits; returns the stage it moved to.</summary>
    public async Task<PipelineStage> RunStageAsync(PipelineJob job, CancellationToken ct)
    {
        var packet = await db.Packets.AsNoTracking().SingleAsync(p => p.PacketId == job.PacketId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (job.Stage)
        {
            case PipelineStage.Validate:
                Validate(job, cipher.OpenPacket(packet.PacketId, packet.Content), now);
                await db.SaveChangesAsync(ct);
                break;
            case PipelineStage.Demographic:
                job.SameNikPersonId = await db.Persons.AsNoTracking()
                    .Where(p => p.Nik == packet.Nik && p.PacketId != packet.PacketId)
                    .OrderBy(p => p.Id).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
                job.Advance(PipelineStage.Biometric, now);
                await db.SaveChangesAsync(ct);
                break;
            case PipelineStage.Biometric:
                await SearchAndEnrollAsync(job, packet, now, ct);
                break;
            case PipelineStage.Decide:
                await DecideAsync(job, packet, now, ct);
                break;
            case PipelineStage.Done:
                break;
            default:
                throw new InvalidOperationException($"Unknown stage {job.Stage}");
        }

        return job.Stage;
    }

    /// <summary>Records a failed attempt; after <see cref="CentralSettings.PipelineMaxAttempts"/> the packet fails.</summary>
    public async Task RecordErrorAsync(Guid packetId, Exception error, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;

        // Read the job again: the failed stage may have changed the tracked copy before its commit failed.
        db.ChangeTracker.Clear();
        var job = await db.PipelineJobs.SingleAsync(j => j.PacketId == packetId, ct);
        job.Attempts++;
        job.LastError = $"{error.GetType().Name}: {error.Message}";
        job.UpdatedAt = now;
        GalleryLogEntry? removal = null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (job.Attempts >= settings.PipelineMaxAttempts && job.Stage != PipelineStage.Decide)
        {
            job.Fail("pipeline-error", $"The {job.Stage} stage failed {job.Attempts} times: {job.LastError}", now);

            // Inserted but never searched (the gallery did not answer): a failed packet leaves the gallery again.
            if (job.PersonId is { } inserted &&
                await db.Persons.SingleOrDefaultAsync(p => p.Id == inserted, ct) is { } person)
            {
                await GalleryLog.LockAsync(db, database.Provider, ct);
                db.Persons.Remove(person);
                removal = GalleryLog.Removed(db, inserted, now);
                job.PersonId = null;
            }
        }
        else
        {
            job.NextAttemptAt = now + (settings.PipelineRetryBase * Math.Pow(2, Math.Min(job.Attempts - 1, 10)));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (removal is not null)
        {
            await gallery.CommittedAsync(removal.Seq, ct);
        }
    }

    private static void Validate(PipelineJob job, byte[] content, DateTime now)
    {
        Dictionary<FingerPosition, FingerprintTemplate> fingers;
        try
        {
            fingers = ReadTemplates(content);
        }
        catch (Exception ex) when (ex is EnvelopeException or FormatException or ArgumentException or
                                       InvalidDataException or EndOfStreamException)
        {
            job.Fail("templates-invalid", $"The packet's fingerprint templates cannot be read: {ex.Message}", now);
            return;
        }

        if (fingers.Count == 0)
        {
            job.Fail("templates-missing", "The packet holds no fingerprint template; record the fingers again.", now);
            return;
        }

        job.Advance(PipelineStage.Demographic, now);
    }

    /// <summary>The templates of a stored packet, keyed by finger position (<c>templates/NN.tpl</c>).</summary>
    public static Dictionary<FingerPosition, FingerprintTemplate> ReadTemplates(byte[] content)
    {
        var packet = PacketReader.Read(content);
        var fingers = new Dictionary<FingerPosition, FingerprintTemplate>();
        foreach (var (name, bytes) in packet.Parts)
        {
            if (!name.StartsWith("templates/", StringComparison.Ordinal) ||
                !name.EndsWith(".tpl", StringComparison.Ordinal))
            {
                continue;
            }

            var number = int.Parse(name.AsSpan(10, name.Length - 14), NumberStyles.None, CultureInfo.InvariantCulture);
            if (number is < 1 or > 10)
            {
                throw new FormatException($"{name} is not a finger position 01-10.");
            }

            fingers[(FingerPosition)number] = FingerprintTemplate.FromBytes(bytes);
        }

        return fingers;
    }

    private async Task SearchAndEnrollAsync(PipelineJob job, Intake.ReceivedPacket packet, DateTime now,
        CancellationToken ct)
    {
        var fingers = ReadTemplates(cipher.OpenPacket(packet.PacketId, packet.Content));

        // Insert, then identify: the person and its gallery log row commit first (seq S), then the search runs
        // against the gallery as of S without the person itself. Two enrollments of one person that arrive at the
        // same moment always meet: whichever got the larger seq finds the other (docs/scale.md). A restart between
        // the two steps finds the person on the job and only searches.
        long seq;
        if (job.PersonId is { } inserted)
        {
            seq = await GalleryLog.SeqOfAddAsync(db, inserted, ct);
        }
        else
        {
            var person = new EnrolledPerson
            {
                PacketId = packet.PacketId,
                Nik = packet.Nik,
                RegionCode = packet.RegionCode,
                EnrolledAt = now,
                Templates = EnrolledPerson.PackTemplates(cipher, packet.PacketId, fingers),
            };
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await GalleryLog.LockAsync(db, database.Provider, ct);
            db.Persons.Add(person);
            await db.SaveChangesAsync(ct);
            var entry = GalleryLog.Added(db, person, now);
            job.PersonId = person.Id;
            job.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            seq = entry.Seq;
            await gallery.CommittedAsync(seq, ct);
        }

        var found = await gallery.SearchAsync(fingers, seq, job.PersonId, MaxCandidates, settings.MatchThreshold, ct);
        var ids = found.Select(c => c.PersonId).ToList();
        var owners = await db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.PacketId, p.Nik }).ToDictionaryAsync(p => p.Id, ct);
        var hits = found.Where(c => owners.ContainsKey(c.PersonId))
            .Select(c => new SearchHit(c.PersonId, owners[c.PersonId].PacketId, owners[c.PersonId].Nik,
                Math.Round(c.Score, 2)))
            .ToList();
        job.Candidates = JsonSerializer.Serialize(hits, Json);
        job.Advance(PipelineStage.Decide, now);
        await db.SaveChangesAsync(ct);
    }

    private async Task DecideAsync(PipelineJob job, Intake.ReceivedPacket packet, DateTime now, CancellationToken ct)
    {
        await DecisionLog.Gate.WaitAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.Decisions.AnyAsync(d => d.PacketId == job.PacketId && d.Step == DecisionLog.PipelineStep, ct))
            {
                // Decided already (the commit landed but the process died before noticing): just finish.
                job.Advance(PipelineStage.Done, now);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return;
            }

            if (job.FailureCode is not null)
            {
                db.Decisions.Add(DecisionLog.Other(RecordStatus.EnrollFailureAtCentral, DecisionLog.PipelineStep,
                    packet.PacketId, packet.Nik, packet.RegionCode, packet.RecordedAt, now,
                    $"{job.FailureCode}: {job.FailureReason}"));
            }
            else if (await OpenCaseAsync(job, packet, now, ct) is { } opened)
            {
                db.Cases.Add(opened);
                await db.SaveChangesAsync(ct);
                var why = opened.Reason == "biometric"
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"The fingers match NIK {opened.MatchedNik} (score {opened.Score:0.#}).")
                    : $"NIK {opened.Nik} is already enrolled with other fingers.";
                db.Decisions.Add(DecisionLog.Other(RecordStatus.DuplicateRecord, DecisionLog.PipelineStep,
                    packet.PacketId, packet.Nik, packet.RegionCode, packet.RecordedAt, now, why, opened.Id));
            }
            else
            {
                db.Decisions.Add(DecisionLog.PrintReady(keys, DecisionLog.PipelineStep, packet.PacketId, packet.Nik,
                    packet.RegionCode, packet.RecordedAt, now, "No other person matches these fingers."));
            }

            job.Advance(PipelineStage.Done, now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            DecisionLog.Gate.Release();
        }
    }

    private async Task<CaseRecord?> OpenCaseAsync(PipelineJob job, Intake.ReceivedPacket packet, DateTime now,
        CancellationToken ct)
    {
        var hits = JsonSerializer.Deserialize<List<SearchHit>>(job.Candidates ?? "[]", Json) ?? [];

        // A candidate under the same NIK is the same person recorded again, not a duplicate.
        var other = hits.Where(h => h.Nik != packet.Nik).MaxBy(h => h.Score);
        string reason;
        Guid matchedPacket;
        if (other is not null)
        {
            reason = "biometric";
            matchedPacket = other.PacketId;
        }
        else if (job.SameNikPersonId is { } prior && hits.All(h => h.PersonId != prior))
        {
            reason = "nik";
            matchedPacket = await db.Persons.AsNoTracking().Where(p => p.Id == prior).Select(p => p.PacketId)
                .SingleAsync(ct);
        }
        else
        {
            return null;
        }

        var matched = await db.Packets.AsNoTracking().Where(p => p.PacketId == matchedPacket)
            .Select(p => new { p.Nik, p.RegionCode }).SingleAsync(ct);
        return new CaseRecord
        {
            PacketId = packet.PacketId,
            Nik = packet.Nik,
            RegionCode = packet.RegionCode,
            MatchedPacketId = matchedPacket,
            MatchedNik = matched.Nik,
            MatchedRegionCode = matched.RegionCode,
            Reason = reason,
            Score = other?.Score,
            Candidates = job.Candidates,
            OpenedAt = now,
        };
    }
}

using System.Text;
using Ektp.Hosting.Audit;

namespace Ektp.Regional.Tests.Audit;

/// <summary>The hash chain on its own: the canonical encoding, and a walk that finds every kind of tampering.</summary>
public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>();
        AuditHead? head = null;
        for (var i = 0; i < count; i++)
        {
            var entry = AuditChain.Seal(new AuditEntry
            {
                At = AuditChain.Instant(Start.AddSeconds(i).AddTicks(1234567)),
                User = i % 2 == 0 ? "op.rekam" : "spv.dumai",
                Roles = i % 2 == 0 ? "operator-perekaman" : "supervisor",
                Remote = "10.0.0." + i,
                Action = i % 3 == 0 ? AuditActions.PersonRead : AuditActions.CardPrint,
                Nik = i % 4 == 0 ? null : "14720101019000" + (i % 90 + 10),
                Detail = i % 5 == 0 ? null : "card " + i,
                PrevHash = "",
                Hash = "",
            }, head);
            head = new AuditHead(entry.Seq, entry.Hash);
            entries.Add(entry);
        }

        return entries;
    }

    private static AuditVerification Verify(IEnumerable<AuditEntry> entries, AuditHead? anchor = null)
    {
        var verifier = new AuditVerifier(anchor);
        foreach (var e in entries)
        {
            if (!verifier.Add(e))
            {
                break;
            }
        }

        return verifier.Finish();
    }

    private static AuditEntry Copy(AuditEntry e) => new()
    {
        Seq = e.Seq,
        At = e.At,
        User = e.User,
        Roles = e.Roles,
        Remote = e.Remote,
        Action = e.Action,
        Nik = e.Nik,
        Detail = e.Detail,
        PrevHash = e.PrevHash,
        Hash = e.Hash,
    };

    [Fact]
    public void The_encoding_is_the_label_then_each_field_with_its_length_and_absent_fields_as_minus_one()
    {
        var entry = new AuditEntry
        {
            Seq = 7,
            At = new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc).AddTicks(1234560),
            User = "spv",
            Roles = "",
            Remote = null,
            Action = "person.read",
            Nik = "1472010101900001",
            Detail = null,
            PrevHash = AuditChain.Genesis,
            Hash = "",
        };

        var bytes = AuditChain.Encode(entry);

        var expected = new List<byte>();
        foreach (var field in new[]
                 {
                     "ektp-audit-v1", "7", "2026-11-23T08:00:00.123456Z", "spv", "", null, "person.read",
                     "1472010101900001", null, AuditChain.Genesis,
                 })
        {
            var data = field is null ? null : Encoding.UTF8.GetBytes(field);
            var length = data?.Length ?? -1;
            expected.AddRange([(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length]);
            expected.AddRange(data ?? []);
        }

        Assert.Equal(expected, bytes);
        Assert.Matches("^[0-9a-f]{64}$", AuditChain.HashOf(entry));
    }

    [Fact]
    public void An_empty_field_and_an_absent_one_hash_differently_and_so_do_shifted_fields()
    {
        var a = Chain(1)[0];
        var b = Copy(a);
        b.Detail = b.Detail is null ? "" : null;
        var c = Copy(a);
        (c.User, c.Roles) = (c.User + c.Roles[..1], c.Roles[1..]); // the same bytes, split elsewhere

        Assert.NotEqual(AuditChain.HashOf(a), AuditChain.HashOf(b));
        Assert.NotEqual(AuditChain.HashOf(a), AuditChain.HashOf(c));
    }

    [Fact]
    public void Instants_are_kept_to_the_microsecond_so_both_databases_give_back_what_was_hashed()
    {
        var at = AuditChain.Instant(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.FromHours(7)).AddTicks(19));

        Assert.Equal(DateTimeKind.Utc, at.Kind);
        Assert.Equal(new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc).AddTicks(10), at);
    }

    [Fact]
    public void An_untouched_chain_verifies_and_reports_its_head()
    {
        var entries = Chain(50);

        var result = Verify(entries, new AuditHead(50, entries[^1].Hash));

        Assert.True(result.Intact, result.Break?.Reason);
        Assert.Equal(50, result.Checked);
        Assert.Equal(new AuditHead(50, entries[^1].Hash), result.Head);
        Assert.Equal(AuditChain.Genesis, entries[0].PrevHash);
    }

    [Fact]
    public void An_empty_log_verifies_without_an_anchor()
    {
        var result = Verify([]);

        Assert.True(result.Intact);
        Assert.Equal(0, result.Checked);
        Assert.Null(result.Head);
    }

    [Theory]
    [InlineData("user")]
    [InlineData("nik")]
    [InlineData("detail")]
    [InlineData("at")]
    [InlineData("action")]
    public void An_edited_entry_is_found_at_its_seq(string field)
    {
        var entries = Chain(20);
        var e = entries[11];
        switch (field)
        {
            case "user": e.User = "someone.else"; break;
            case "nik": e.Nik = "1472010101900099"; break;
            case "detail": e.Detail = "nothing to see"; break;
            case "at": e.At = e.At.AddMinutes(-5); break;
            default: e.Action = AuditActions.PersonStatus; break;
        }

        var result = Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(12, result.Break!.Seq);
        Assert.Contains("changed", result.Break.Reason, StringComparison.Ordinal);
        Assert.Equal(11, result.Checked);
    }

    [Fact]
    public void An_edited_entry_sealed_again_breaks_the_link_to_the_next()
    {
        var entries = Chain(20);
        entries[11].Detail = "rewritten";
        entries[11].Hash = AuditChain.HashOf(entries[11]);

        var result = Verify(entries);

        Assert.Equal(13, result.Break!.Seq);
        Assert.Contains("prev hash", result.Break.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_entry_is_found_by_the_gap()
    {
        var entries = Chain(20);
        entries.RemoveAt(7);

        var result = Verify(entries);

        Assert.Equal(8, result.Break!.Seq);
        Assert.Contains("missing", result.Break.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_entry_with_the_rest_renumbered_is_found_by_the_link()
    {
        var entries = Chain(20);
        entries.RemoveAt(7);
        for (var i = 7; i < entries.Count; i++)
        {
            entries[i].Seq--;
        }

        var result = Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(8, result.Break!.Seq);
    }

    [Fact]
    public void Two_entries_swapped_are_found()
    {
        var entries = Chain(20);
        (entries[4].Seq, entries[5].Seq) = (entries[5].Seq, entries[4].Seq);
        var reordered = entries.OrderBy(e => e.Seq).ToList(); // what a database ordering by seq hands back

        var result = Verify(reordered);

        Assert.False(result.Intact);
        Assert.Equal(5, result.Break!.Seq);
    }

    [Fact]
    public void A_cut_tail_goes_unseen_without_an_anchor_and_is_found_with_one()
    {
        var entries = Chain(30);
        var anchor = new AuditHead(25, entries[24].Hash);
        var cut = entries.Take(22).ToList();

        Assert.True(Verify(cut).Intact);
        var result = Verify(cut, anchor);
        Assert.False(result.Intact);
        Assert.Equal(25, result.Break!.Seq);
        Assert.Contains("cut off", result.Break.Reason, StringComparison.Ordinal);
        Assert.Equal(22, result.Checked);
    }

    [Fact]
    public void A_whole_chain_rewritten_from_scratch_does_not_match_the_anchor()
    {
        var entries = Chain(10);
        var anchor = new AuditHead(8, entries[7].Hash);
        var forged = Chain(10);
        forged[2].Detail = "forged";
        AuditHead? head = null;
        foreach (var e in forged)
        {
            AuditChain.Seal(e, head);
            head = new AuditHead(e.Seq, e.Hash);
        }

        Assert.True(Verify(forged).Intact);
        var result = Verify(forged, anchor);
        Assert.Equal(8, result.Break!.Seq);
        Assert.Contains("anchored", result.Break.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12:" + "ab", false)]
    [InlineData("0:0000000000000000000000000000000000000000000000000000000000000000", false)]
    [InlineData("x:0000000000000000000000000000000000000000000000000000000000000000", false)]
    [InlineData("12:00000000000000000000000000000000000000000000000000000000000000AF", true)]
    [InlineData(" 3:0000000000000000000000000000000000000000000000000000000000000000 ", true)]
    public void An_anchor_is_seq_colon_64_hex_digits(string text, bool valid)
    {
        var anchor = AuditHead.TryParse(text);

        Assert.Equal(valid, anchor is not null);
        if (anchor is not null)
        {
            Assert.Equal(anchor.Hash.ToLowerInvariant(), anchor.Hash);
            Assert.Equal(text.Trim().ToLowerInvariant(), anchor.ToString());
        }
    }
}

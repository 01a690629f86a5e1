using System.Collections.Frozen;

namespace Ektp.Core.Lifecycle;

/// <summary>
/// The allowed moves between record statuses:
/// <code>
/// UNREGISTERED → BIO_CAPTURED → PROCESSING → SENT_FOR_ENROLLMENT → RECEIVED_AT_CENTRAL
/// RECEIVED_AT_CENTRAL → PRINT_READY_RECORD | DUPLICATE_RECORD | ENROLL_FAILURE_AT_CENTRAL
/// DUPLICATE_RECORD → ADJUDICATE_RECORD → PRINT_READY_RECORD | DUPLICATE_RECORD
/// ENROLL_FAILURE_AT_CENTRAL → BIO_CAPTURED            (recorded again)
/// PROCESSING → BIO_CAPTURED                           (the local check refused the capture; recorded again)
/// PRINT_READY_RECORD → PRINTED → DELIVERED
/// PRINTED | DELIVERED → PRINT_READY_RECORD            (reprint after a change of printed data, loss or damage)
/// </code>
/// Nothing moves back to UNREGISTERED, and a status never moves to itself.
/// </summary>
public static class RecordLifecycle
{
    /// <summary>
    /// The decision-feed kind of a notice: the centre tells a region something about one of its records (for
    /// example that a NIK it holds was kept in a same-person ruling, and what the resident must do) without moving
    /// the record's status. It is not a status code: <see cref="TryParse"/> does not recognise it.
    /// </summary>
    public const string NoticeKind = "NOTICE";

    private static readonly FrozenDictionary<RecordStatus, RecordStatus[]> Moves =
        new Dictionary<RecordStatus, RecordStatus[]>
        {
            [RecordStatus.Unregistered] = [RecordStatus.BioCaptured],
            [RecordStatus.BioCaptured] = [RecordStatus.Processing],
            [RecordStatus.Processing] = [RecordStatus.SentForEnrollment, RecordStatus.BioCaptured],
            [RecordStatus.SentForEnrollment] = [RecordStatus.ReceivedAtCentral],
            [RecordStatus.ReceivedAtCentral] =
                [RecordStatus.PrintReadyRecord, RecordStatus.DuplicateRecord, RecordStatus.EnrollFailureAtCentral],
            [RecordStatus.EnrollFailureAtCentral] = [RecordStatus.BioCaptured],
            [RecordStatus.DuplicateRecord] = [RecordStatus.AdjudicateRecord],
            [RecordStatus.AdjudicateRecord] = [RecordStatus.PrintReadyRecord, RecordStatus.DuplicateRecord],
            [RecordStatus.PrintReadyRecord] = [RecordStatus.Printed],
            [RecordStatus.Printed] = [RecordStatus.Delivered, RecordStatus.PrintReadyRecord],
            [RecordStatus.Delivered] = [RecordStatus.PrintReadyRecord],
        }.ToFrozenDictionary();

    private static readonly FrozenDictionary<RecordStatus, string> Codes = new Dictionary<RecordStatus, string>
    {
        [RecordStatus.Unregistered] = "UNREGISTERED",
        [RecordStatus.BioCaptured] = "BIO_CAPTURED",
        [RecordStatus.Processing] = "PROCESSING",
        [RecordStatus.SentForEnrollment] = "SENT_FOR_ENROLLMENT",
        [RecordStatus.ReceivedAtCentral] = "RECEIVED_AT_CENTRAL",
        [RecordStatus.EnrollFailureAtCentral] = "ENROLL_FAILURE_AT_CENTRAL",
        [RecordStatus.DuplicateRecord] = "DUPLICATE_RECORD",
        [RecordStatus.AdjudicateRecord] = "ADJUDICATE_RECORD",
        [RecordStatus.PrintReadyRecord] = "PRINT_READY_RECORD",
        [RecordStatus.Printed] = "PRINTED",
        [RecordStatus.Delivered] = "DELIVERED",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, RecordStatus> ByCode =
        Codes.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<RecordStatus, (string Indonesian, string English)> Descriptions =
        new Dictionary<RecordStatus, (string, string)>
        {
            [RecordStatus.Unregistered] = (
                "Belum melakukan perekaman KTP elektronik.",
                "Not yet recorded for the e-KTP."),
            [RecordStatus.BioCaptured] = (
                "Data biometrik sudah direkam dan menunggu diproses.",
                "Biometric data has been recorded and is waiting to be processed."),
            [RecordStatus.Processing] = (
                "Data rekaman sedang diperiksa di Disdukcapil.",
                "The recording is being checked at the Disdukcapil office."),
            [RecordStatus.SentForEnrollment] = (
                "Data rekaman sudah dikirim ke server pusat.",
                "The recording has been sent to the central server."),
            [RecordStatus.ReceivedAtCentral] = (
                "Data rekaman sudah diterima server pusat dan sedang dalam proses penunggalan NIK.",
                "The central server has received the recording and is checking that the NIK is held by one person."),
            [RecordStatus.EnrollFailureAtCentral] = (
                "Data rekaman gagal diproses di server pusat; silakan lakukan perekaman ulang.",
                "The central server could not process the recording; please record again."),
            [RecordStatus.DuplicateRecord] = (
                "Ditemukan kemungkinan data ganda; data sedang menunggu pemeriksaan.",
                "A possible duplicate record was found; it is waiting to be examined."),
            [RecordStatus.AdjudicateRecord] = (
                "Data ganda sedang diperiksa oleh petugas pusat.",
                "An officer at the centre is examining the possible duplicate."),
            [RecordStatus.PrintReadyRecord] = (
                "KTP elektronik siap dicetak.",
                "The e-KTP is ready to be printed."),
            [RecordStatus.Printed] = (
                "KTP elektronik sudah dicetak dan dapat diambil.",
                "The e-KTP has been printed and can be collected."),
            [RecordStatus.Delivered] = (
                "KTP elektronik sudah diserahkan kepada pemiliknya.",
                "The e-KTP has been handed to its holder."),
        }.ToFrozenDictionary();

    /// <summary>The office code of a status, e.g. <c>BIO_CAPTURED</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The code.</returns>
    public static string Code(RecordStatus status) => Codes.TryGetValue(status, out var code)
        ? code
        : throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown record status.");

    /// <summary>Parses an office code such as <c>PRINT_READY_RECORD</c> (any case).</summary>
    /// <param name="code">The code.</param>
    /// <param name="status">The status when recognised.</param>
    /// <returns>True when recognised.</returns>
    public static bool TryParse(string? code, out RecordStatus status)
    {
        if (code is not null && ByCode.TryGetValue(code.Trim(), out status))
        {
            return true;
        }

        status = default;
        return false;
    }

    /// <summary>True when the graph allows a move from one status to another.</summary>
    /// <param name="from">The current status.</param>
    /// <param name="to">The wanted status.</param>
    /// <returns>True when allowed.</returns>
    public static bool CanMove(RecordStatus from, RecordStatus to) =>
        Moves.TryGetValue(from, out var next) && Array.IndexOf(next, to) >= 0;

    /// <summary>The statuses a record can move to from this one.</summary>
    /// <param name="status">The current status.</param>
    /// <returns>The allowed next statuses; empty for an unknown value.</returns>
    public static IReadOnlyList<RecordStatus> Next(RecordStatus status) =>
        Moves.TryGetValue(status, out var next) ? next.AsReadOnly() : [];

    /// <summary>What the status means, in Indonesian, for the public status page.</summary>
    /// <param name="status">The status.</param>
    /// <returns>One sentence.</returns>
    public static string DescriptionIndonesian(RecordStatus status) => Describe(status).Indonesian;

    /// <summary>What the status means, in English, for the public status page.</summary>
    /// <param name="status">The status.</param>
    /// <returns>One sentence.</returns>
    public static string DescriptionEnglish(RecordStatus status) => Describe(status).English;

    /// <summary>True once the record has been captured (any status but <c>UNREGISTERED</c>).</summary>
    /// <param name="status">The status.</param>
    /// <returns>True when recorded.</returns>
    public static bool IsRecorded(RecordStatus status) => status != RecordStatus.Unregistered;

    private static (string Indonesian, string English) Describe(RecordStatus status) =>
        Descriptions.TryGetValue(status, out var text)
            ? text
            : throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown record status.");
}

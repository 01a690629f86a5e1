namespace Ektp.Core.Lifecycle;

/// <summary>
/// The stage of a resident's e-KTP record, with the codes Indonesian offices use (see
/// <see cref="RecordLifecycle.Code"/>).
/// </summary>
public enum RecordStatus
{
    /// <summary><c>UNREGISTERED</c>: not recorded yet.</summary>
    Unregistered,

    /// <summary><c>BIO_CAPTURED</c>: biodata, photo, fingerprints and signature captured at the office.</summary>
    BioCaptured,

    /// <summary><c>PROCESSING</c>: the regional server is checking and packing the recording.</summary>
    Processing,

    /// <summary><c>SENT_FOR_ENROLLMENT</c>: the packet has been sent to the central server.</summary>
    SentForEnrollment,

    /// <summary>
    /// <c>RECEIVED_AT_CENTRAL</c>: the central server has received the packet and is singling the NIK.
    /// </summary>
    ReceivedAtCentral,

    /// <summary>
    /// <c>ENROLL_FAILURE_AT_CENTRAL</c>: the centre could not enroll the packet; the resident records again.
    /// </summary>
    EnrollFailureAtCentral,

    /// <summary><c>DUPLICATE_RECORD</c>: the biometrics match another NIK (data ganda).</summary>
    DuplicateRecord,

    /// <summary><c>ADJUDICATE_RECORD</c>: an adjudicator is examining the duplicate.</summary>
    AdjudicateRecord,

    /// <summary><c>PRINT_READY_RECORD</c>: the centre has allowed printing.</summary>
    PrintReadyRecord,

    /// <summary><c>PRINTED</c>: the card has been printed.</summary>
    Printed,

    /// <summary><c>DELIVERED</c>: the card has been handed to the resident.</summary>
    Delivered,
}

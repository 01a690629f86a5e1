using Ektp.Hosting.Security;

namespace Ektp.Regional.Sync;

/// <summary>Signs every request a regional server sends the centre (uploads, the decision feed) with the office's key
/// (<see cref="SignatureScheme.Office"/>, docs/transport.md): the centre knows offices by their keys, not by passwords.</summary>
internal sealed class OfficeRequestSigner(RegionalKeys keys, TimeProvider clock)
    : RequestSigner(SignatureScheme.Office, () => keys.Office, clock);

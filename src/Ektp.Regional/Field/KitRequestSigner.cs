using Ektp.Hosting.Security;
using Ektp.Regional.Sync;

namespace Ektp.Regional.Field;

/// <summary>Signs every request a field kit sends its regional server with the kit's key
/// (<see cref="SignatureScheme.Kit"/>, docs/field-kit.md).</summary>
internal sealed class KitRequestSigner(RegionalKeys keys, TimeProvider clock)
    : RequestSigner(SignatureScheme.Kit, () => keys.Office, clock);

using Ektp.Regional.FieldKits;
using Ektp.Regional.Sync;

namespace Ektp.Regional.Field;

/// <summary>Signs every request a field kit sends its regional server with the kit's key (<see cref="KitSignature"/>).</summary>
internal sealed class KitRequestSigner(RegionalKeys keys, TimeProvider clock) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        request.Headers.TryAddWithoutValidation("Authorization", KitSignature.Header(keys.Office, request.Method.Method,
            request.RequestUri!.PathAndQuery, clock.GetUtcNow().ToUnixTimeSeconds(), body));
        return await base.SendAsync(request, cancellationToken);
    }
}

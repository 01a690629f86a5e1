using Ektp.Central.Offices;
using Ektp.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Ektp.Central.Intake;

/// <summary>
/// Resumable packet upload (docs/transport.md): `POST /api/uploads` declares, `PATCH /api/uploads/{id}` with an
/// `Upload-Offset` header sends bytes, `GET /api/uploads/{id}` tells how far it got. The protocol is Hosting's; the
/// centre's part is <see cref="IntakeService"/>.
/// </summary>
internal static class IntakeApi
{
    public static RouteGroupBuilder MapIntake(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapResumableUploads<IntakeService>("Intake")
            .AllowAnonymous() // no user: an office's signed request (OfficeAuthentication), and each envelope is signed too
            .WithMetadata(new OfficeOnly());
}

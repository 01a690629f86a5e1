using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ektp.Hosting;

/// <summary>Reads every stored instant back as <see cref="DateTimeKind.Utc"/>, whatever the provider returns.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

namespace Ektp.Hosting;

internal static class Placeholder;

namespace Ektp.Regional;

internal static class Placeholder;

namespace Switchyard.Protocol;

/// <summary>
/// Random version-4 UUIDs for request ids and event ids, in the form AWS uses (lower-case, hyphenated).
/// Guid.NewGuid asks the kernel for cryptographic randomness on every call (a getrandom system call); PutEvents
/// needs one id per request and one per event, and these ids are identifiers, not secrets, so they come from the
/// runtime's fast thread-safe generator instead.
/// </summary>
public static class RequestIds
{
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's byte order: the high byte of the third group)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }
}

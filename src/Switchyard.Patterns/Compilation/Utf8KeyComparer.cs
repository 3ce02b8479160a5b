using System.Buffers.Binary;

namespace Switchyard.Patterns.Compilation;

/// <summary>
/// Compares UTF-8 keys stored as byte arrays, and lets dictionaries be probed with a span of the event's bytes
/// (alternate lookup), so exact-value lookups on the hot path neither decode nor allocate.
/// </summary>
internal sealed class Utf8KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly Utf8KeyComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    /// <summary>A small multiply-rotate hash over 8-byte words; event values are short, so this beats general-purpose hashes.</summary>
    public static int Hash(ReadOnlySpan<byte> data)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)data.Length;
        while (data.Length >= 8)
        {
            h = ulong.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(data)) * 0xFF51AFD7ED558CCDUL, 29);
            data = data[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < data.Length; i++) tail |= (ulong)data[i] << (8 * i);
        h = (h ^ tail) * 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 32;
        return (int)h;
    }
}

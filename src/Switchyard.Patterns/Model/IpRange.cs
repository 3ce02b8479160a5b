namespace Switchyard.Patterns.Model;

/// <summary>An inclusive address range of one family (IPv4 addresses use the low 32 bits).</summary>
internal readonly record struct IpRange(bool IsV6, UInt128 First, UInt128 Last)
{
    public bool Contains(bool isV6, UInt128 address) => isV6 == IsV6 && address >= First && address <= Last;
}

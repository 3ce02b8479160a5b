using System.Globalization;
using Switchyard.Patterns.Text;

namespace Switchyard.Patterns.Matching;

/// <summary>
/// One event leaf as the matcher sees it: its type and its UTF-8 bytes (unescaped string contents, or the number's
/// literal text). The case-folded form and the numeric value are computed at most once, and only if some index asks.
/// </summary>
internal ref struct EventValue
{
    private readonly MatchScratch _scratch;
    private int _foldedLength;
    private byte _numberState; // 0 = not parsed, 1 = finite double, 2 = not representable
    private double _number;

    public EventValue(EventValueKind kind, ReadOnlySpan<byte> bytes, MatchScratch scratch)
    {
        Kind = kind;
        Bytes = bytes;
        _scratch = scratch;
        _foldedLength = -1;
    }

    public readonly EventValueKind Kind;

    public readonly ReadOnlySpan<byte> Bytes;

    public ReadOnlySpan<byte> Folded
    {
        get
        {
            if (_foldedLength < 0) _foldedLength = CaseFolding.Fold(Bytes, ref _scratch.FoldBuffer);
            return _scratch.FoldBuffer.AsSpan(0, _foldedLength);
        }
    }

    /// <summary>The number as a finite double (with -0 normalised to 0), if it is one.</summary>
    public bool TryGetNumber(out double value)
    {
        if (_numberState == 0)
        {
            _numberState = double.TryParse(Bytes, NumberStyles.Float, CultureInfo.InvariantCulture, out _number) && double.IsFinite(_number)
                ? (byte)1
                : (byte)2;
            if (_number == 0) _number = 0;
        }

        value = _number;
        return _numberState == 1;
    }
}

using System.Globalization;

namespace Switchyard.Patterns.Parsing;

/// <summary>
/// Describes why a pattern is not JSON (or not a JSON object) in the words AWS answers with. EventBridge reads patterns
/// with Jackson, so its reasons are Jackson's ("Unrecognized token 'this': was expecting ...", "Unexpected character
/// (''' (code 39)): was expecting double-quote to start field name") followed by Jackson's position
/// ("[Source: (String)"..."; line: 1, column: 5]"). Recorded AWS answers: LocalStack's AWS-validated
/// tests/aws/services/events/test_events_patterns.snapshot.json (test_invalid_json_event_pattern).
/// Only runs after System.Text.Json refused the text, so it costs nothing on valid patterns.
/// </summary>
internal static class JsonSyntaxErrors
{
    private const string ValidValues = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

    /// <summary>The first syntax error in <paramref name="json"/>, or "Filter is not an object" for a root that is not an object.</summary>
    public static InvalidEventPatternException Describe(string json, string fallbackReason) =>
        new Scanner(json).FirstError() ?? new InvalidEventPatternException(fallbackReason);

    /// <summary>The error for valid JSON whose root is not an object: Jackson's position right after the root's first token.</summary>
    public static InvalidEventPatternException RootNotObject(string json) =>
        new Scanner(json).FirstError() ?? new InvalidEventPatternException("Filter is not an object");

    private sealed class Scanner(string json)
    {
        private int _pos;
        private int _line = 1;
        private int _lineStart;

        private enum Container : byte { Object, Array }

        public InvalidEventPatternException? FirstError()
        {
            SkipWhitespace();
            if (_pos >= json.Length) return Error("Filter is not an object", ColumnAfter(_pos));
            var c = json[_pos];
            if (c != '{')
            {
                // Jackson hands over the first token, then the rule compiler refuses it: the position is after that token
                // (after the opening quote only, for a string, which Jackson reads lazily).
                int end;
                if (c is '[' or '"') end = _pos + 1;
                else if (c == '-' || char.IsAsciiDigit(c))
                {
                    end = NumberEnd(out var numberError);
                    if (numberError is not null) return numberError;
                }
                else if (IsLiteralAt("true") || IsLiteralAt("null")) end = _pos + 4;
                else if (IsLiteralAt("false")) end = _pos + 5;
                else return ScanValue();
                return Error("Filter is not an object", ColumnAfter(end));
            }
            return ScanValue();
        }

        /// <summary>Scans one value (with everything nested in it) iteratively; returns the first error or null.</summary>
        private InvalidEventPatternException? ScanValue()
        {
            var stack = new Stack<(Container Kind, int Line, int Column)>();
            while (true)
            {
                // A value is expected at _pos.
                SkipWhitespace();
                if (_pos >= json.Length) return EndOfInput(stack);
                var c = json[_pos];
                if (c == '{' || c == '[')
                {
                    stack.Push((c == '{' ? Container.Object : Container.Array, _line, ColumnAfter(_pos)));
                    _pos++;
                    SkipWhitespace();
                    if (_pos >= json.Length) return EndOfInput(stack);
                    if (c == '{')
                    {
                        if (json[_pos] == '}') { _pos++; stack.Pop(); goto AfterValue; }
                        var nameError = ScanFieldName();
                        if (nameError is not null) return nameError;
                        continue;
                    }
                    if (json[_pos] == ']') { _pos++; stack.Pop(); goto AfterValue; }
                    continue;
                }

                var scalarError = ScanScalar(stack);
                if (scalarError is not null) return scalarError;

                AfterValue:
                while (true)
                {
                    if (stack.Count == 0) return null;
                    SkipWhitespace();
                    if (_pos >= json.Length) return EndOfInput(stack);
                    var top = stack.Peek();
                    var next = json[_pos];
                    var close = top.Kind == Container.Object ? '}' : ']';
                    if (next == close)
                    {
                        _pos++;
                        stack.Pop();
                        continue;
                    }
                    if (next != ',')
                        return Unexpected(next, top.Kind == Container.Object ? "was expecting comma to separate Object entries" : "was expecting comma to separate Array entries");
                    _pos++;
                    if (top.Kind == Container.Object)
                    {
                        SkipWhitespace();
                        if (_pos >= json.Length) return EndOfInput(stack);
                        var nameError = ScanFieldName();
                        if (nameError is not null) return nameError;
                    }
                    break;
                }
            }
        }

        /// <summary>At a field name: the name, whitespace and the colon; leaves _pos at the value.</summary>
        private InvalidEventPatternException? ScanFieldName()
        {
            var c = json[_pos];
            if (c != '"') return Unexpected(c, "was expecting double-quote to start field name");
            var stringError = ScanString();
            if (stringError is not null) return stringError;
            SkipWhitespace();
            if (_pos >= json.Length) return Error("Unexpected end-of-input: was expecting a colon to separate field name and value", ColumnAfter(_pos));
            if (json[_pos] != ':') return Unexpected(json[_pos], "was expecting a colon to separate field name and value");
            _pos++;
            return null;
        }

        private InvalidEventPatternException? ScanScalar(Stack<(Container Kind, int Line, int Column)> stack)
        {
            var c = json[_pos];
            if (c == '"') return ScanString();
            if (c == '-' || char.IsAsciiDigit(c))
            {
                var end = NumberEnd(out var numberError);
                if (numberError is not null) return numberError;
                _pos = end;
                return null;
            }
            foreach (var literal in (ReadOnlySpan<string>)["true", "false", "null"])
            {
                if (IsLiteralAt(literal))
                {
                    _pos += literal.Length;
                    return null;
                }
            }
            if (c == '}' || c == ',' || (c == ']' && stack.Count > 0 && stack.Peek().Kind == Container.Array))
                return Unexpected(c, "expected a value");
            if (IsIdentifierPart(c)) return UnrecognizedToken();
            return Unexpected(c, "expected a valid value " + ValidValues);
        }

        private InvalidEventPatternException? ScanString()
        {
            _pos++; // opening quote
            while (_pos < json.Length)
            {
                var c = json[_pos];
                if (c == '"') { _pos++; return null; }
                if (c < 0x20)
                    return Error($"Illegal unquoted character ({CharDescription(c)}): has to be escaped using backslash to be included in string value", ColumnAfter(_pos));
                if (c == '\\')
                {
                    _pos++;
                    if (_pos >= json.Length) break;
                    var e = json[_pos];
                    if (e == 'u')
                    {
                        for (var k = 1; k <= 4; k++)
                        {
                            if (_pos + k >= json.Length) { _pos = json.Length; return EndOfString(); }
                            if (!char.IsAsciiHexDigit(json[_pos + k]))
                            {
                                _pos += k;
                                return Unexpected(json[_pos], "expected a hex-digit for character escape sequence");
                            }
                        }
                        _pos += 4;
                    }
                    else if (e is not ('"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't'))
                    {
                        return Error($"Unrecognized character escape {CharDescription(e)}", ColumnAfter(_pos));
                    }
                }
                _pos++;
            }
            return EndOfString();
        }

        private InvalidEventPatternException EndOfString() =>
            Error("Unexpected end-of-input: was expecting closing quote for a string value", ColumnAfter(json.Length));

        /// <summary>Where a number starting at _pos ends, or the error Jackson gives for it.</summary>
        private int NumberEnd(out InvalidEventPatternException? error)
        {
            error = null;
            var i = _pos;
            if (json[i] == '-')
            {
                i++;
                if (i >= json.Length || !char.IsAsciiDigit(json[i]))
                {
                    if (i >= json.Length) { error = Error("Unexpected end-of-input in a Number value", ColumnAfter(i)); return i; }
                    error = Error($"Unexpected character ({CharDescription(json[i])}) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value", ColumnAfter(i));
                    return i;
                }
            }
            if (json[i] == '0' && i + 1 < json.Length && char.IsAsciiDigit(json[i + 1]))
            {
                error = Error("Invalid numeric value: Leading zeroes not allowed", ColumnAfter(i + 1));
                return i;
            }
            while (i < json.Length && char.IsAsciiDigit(json[i])) i++;
            if (i < json.Length && json[i] == '.')
            {
                i++;
                if (i >= json.Length || !char.IsAsciiDigit(json[i]))
                {
                    var shown = i < json.Length ? CharDescription(json[i]) : "end-of-input";
                    error = Error($"Unexpected character ({shown}) in numeric value: Decimal point not followed by a digit", ColumnAfter(i));
                    return i;
                }
                while (i < json.Length && char.IsAsciiDigit(json[i])) i++;
            }
            if (i < json.Length && json[i] is 'e' or 'E')
            {
                i++;
                if (i < json.Length && json[i] is '+' or '-') i++;
                if (i >= json.Length || !char.IsAsciiDigit(json[i]))
                {
                    var shown = i < json.Length ? CharDescription(json[i]) : "end-of-input";
                    error = Error($"Unexpected character ({shown}) in numeric value: Exponent indicator not followed by a digit", ColumnAfter(i));
                    return i;
                }
                while (i < json.Length && char.IsAsciiDigit(json[i])) i++;
            }
            return i;
        }

        private bool IsLiteralAt(string literal) =>
            string.CompareOrdinal(json, _pos, literal, 0, literal.Length) == 0
            && (_pos + literal.Length >= json.Length || !IsIdentifierPart(json[_pos + literal.Length]));

        /// <summary>Jackson reads the whole run of identifier characters and names it; the position is after it.</summary>
        private InvalidEventPatternException UnrecognizedToken()
        {
            var start = _pos;
            var end = start;
            while (end < json.Length && end - start < 256 && IsIdentifierPart(json[end])) end++;
            return Error($"Unrecognized token '{json[start..end]}': was expecting {ValidValues}", ColumnAfter(end));
        }

        private InvalidEventPatternException EndOfInput(Stack<(Container Kind, int Line, int Column)> stack)
        {
            if (stack.Count == 0) return Error("Unexpected end-of-input: expected a value", ColumnAfter(json.Length));
            var open = stack.Peek();
            var kind = open.Kind == Container.Object ? "Object" : "Array";
            return Error(
                $"Unexpected end-of-input: expected close marker for {kind} (start marker at {InvalidEventPatternException.SourceReference(json, open.Line, open.Column)})",
                ColumnAfter(json.Length));
        }

        /// <summary>Jackson points at the offending character itself for an unexpected one.</summary>
        private InvalidEventPatternException Unexpected(char c, string expectation) =>
            Error($"Unexpected character ({CharDescription(c)}): {expectation}", ColumnAfter(_pos));

        private InvalidEventPatternException Error(string reason, int column) =>
            InvalidEventPatternException.AtSource(reason, json, _line, column);

        /// <summary>Jackson's 1-based column of the character at <paramref name="index"/> (of the position after a token, when given its end).</summary>
        private int ColumnAfter(int index) => index - _lineStart + 1;

        private void SkipWhitespace()
        {
            while (_pos < json.Length)
            {
                var c = json[_pos];
                if (c == '\n')
                {
                    _line++;
                    _lineStart = _pos + 1;
                }
                else if (c is not (' ' or '\t' or '\r'))
                {
                    return;
                }
                _pos++;
            }
        }

        private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

        /// <summary>Jackson's description of a character: 'x' (code 120), or (CTRL-CHAR, code 10) for controls.</summary>
        private static string CharDescription(char c)
        {
            if (char.IsControl(c)) return "(CTRL-CHAR, code " + ((int)c).ToString(CultureInfo.InvariantCulture) + ")";
            if (c > 255) return $"'{c}' (code {(int)c} / 0x{(int)c:x})";
            return $"'{c}' (code {(int)c})";
        }
    }
}

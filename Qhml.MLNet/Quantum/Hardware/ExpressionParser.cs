using System.Globalization;

namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>Evaluates a constant OpenQASM angle expression: numbers, <c>pi</c>, <c>+ - * /</c>, unary minus, parentheses.</summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private readonly IReadOnlyList<string> _inputs;
    private int _at;

    public ExpressionParser(string text, IReadOnlyList<string> inputs)
    {
        _text = text;
        _inputs = inputs;
    }

    public double Parse()
    {
        double value = Sum();
        SkipSpace();
        if (_at != _text.Length)
            throw new FormatException($"unexpected '{_text[_at..]}' in angle '{_text.Trim()}'");
        return value;
    }

    private double Sum()
    {
        double value = Product();
        while (true)
        {
            SkipSpace();
            if (Take('+')) value += Product();
            else if (Take('-')) value -= Product();
            else return value;
        }
    }

    private double Product()
    {
        double value = Unary();
        while (true)
        {
            SkipSpace();
            if (Take('*')) value *= Unary();
            else if (Take('/')) value /= Unary();
            else return value;
        }
    }

    private double Unary()
    {
        SkipSpace();
        if (Take('-')) return -Unary();
        if (Take('+')) return Unary();
        if (Take('('))
        {
            double value = Sum();
            SkipSpace();
            if (!Take(')'))
                throw new FormatException($"missing ')' in angle '{_text.Trim()}'");
            return value;
        }
        int start = _at;
        if (_at < _text.Length && (char.IsLetter(_text[_at]) || _text[_at] == '_' || _text[_at] == 'π'))
        {
            while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] == '_' || _text[_at] == 'π'))
                _at++;
            string name = _text[start.._at];
            if (name is "pi" or "π")
                return Math.PI;
            if (_inputs.Contains(name))
                throw new FormatException($"input '{name}' can only be a gate's whole angle, not part of an expression");
            throw new FormatException($"unknown name '{name}' in angle '{_text.Trim()}'");
        }
        while (_at < _text.Length && (char.IsDigit(_text[_at]) || _text[_at] == '.'))
            _at++;
        if (_at < _text.Length && (_text[_at] == 'e' || _text[_at] == 'E'))
        {
            _at++;
            if (_at < _text.Length && (_text[_at] == '+' || _text[_at] == '-'))
                _at++;
            while (_at < _text.Length && char.IsDigit(_text[_at]))
                _at++;
        }
        string number = _text[start.._at];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double result) || number.Length == 0)
            throw new FormatException($"'{(number.Length == 0 ? _text[start..] : number)}' is not a number in angle '{_text.Trim()}'");
        return result;
    }

    private bool Take(char c)
    {
        if (_at < _text.Length && _text[_at] == c)
        {
            _at++;
            return true;
        }
        return false;
    }

    private void SkipSpace()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
            _at++;
    }
}

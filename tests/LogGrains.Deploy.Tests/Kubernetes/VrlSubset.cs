using System.Text.RegularExpressions;

namespace LogGrains.Deploy.Tests.Kubernetes;

/// <summary>
/// Runs the collector's remap program on a sample event without Vector: a tiny interpreter of exactly the VRL the
/// program uses (string literals, <c>string(path)</c>, <c>get_env_var("…")</c>, <c>+</c>, <c>??</c>, <c>==</c>/<c>!=</c>,
/// <c>if … { … }</c>, assignments to variables and to top-level event fields). Anything else throws, so the program
/// cannot grow a construct this test would silently misread.
/// </summary>
internal sealed partial class VrlSubset
{
    private readonly List<string> _tokens;
    private readonly IReadOnlyDictionary<string, object?> _event;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _output = new(StringComparer.Ordinal);
    private int _next;

    private VrlSubset(string source, IReadOnlyDictionary<string, object?> input, Func<string, string?> environment)
    {
        _tokens = Tokenize(source);
        _event = input;
        _environment = environment;
    }

    /// <summary>The top-level event fields the program assigns, for one input event.</summary>
    /// <param name="source">The remap program.</param>
    /// <param name="input">The event: nested dictionaries of strings, as Vector's kubernetes_logs source builds them.</param>
    /// <param name="environment">The collector's environment variables.</param>
    public static IReadOnlyDictionary<string, string> Run(string source, IReadOnlyDictionary<string, object?> input, Func<string, string?> environment)
    {
        var program = new VrlSubset(source, input, environment);
        program.Statements(execute: true, until: null);
        return program._output;
    }

    private void Statements(bool execute, string? until)
    {
        while (_next < _tokens.Count && Peek() != until)
        {
            if (Peek() is "\n" or ";")
            {
                _next++;
                continue;
            }

            Statement(execute);
        }
    }

    private void Statement(bool execute)
    {
        if (Peek() == "if")
        {
            _next++;
            var name = Identifier();
            var op = Take();
            var literal = StringLiteral();
            var holds = op switch
            {
                "==" => Variable(name) == literal,
                "!=" => Variable(name) != literal,
                _ => throw Unsupported(op),
            };
            Expect("{");
            Statements(execute && holds, until: "}");
            Expect("}");
            return;
        }

        var field = Peek() == ".";
        if (field)
        {
            _next++;
        }

        var target = Identifier();
        Expect("=");
        var value = Expression() ?? throw new InvalidOperationException($"the value assigned to {target} can fail: VRL refuses such a program");
        if (!execute)
        {
            return;
        }

        if (field)
        {
            _output[target] = value;
        }
        else
        {
            _variables[target] = value;
        }
    }

    /// <summary>A value, or null for a VRL error that <c>??</c> may catch.</summary>
    private string? Expression()
    {
        var value = Sum();
        while (Peek() == "??")
        {
            _next++;
            var alternative = Sum();
            value ??= alternative;
        }

        return value;
    }

    private string? Sum()
    {
        var value = Term();
        while (Peek() == "+")
        {
            _next++;
            var right = Term();
            value = value is null || right is null ? null : value + right;
        }

        return value;
    }

    private string? Term()
    {
        var token = Take();
        if (token.StartsWith('"'))
        {
            return Unquote(token);
        }

        switch (token)
        {
            case "string":
                Expect("(");
                var found = Path();
                Expect(")");
                return found as string;
            case "get_env_var":
                Expect("(");
                var name = StringLiteral();
                Expect(")");
                return _environment(name);
            default:
                if (IdentifierPattern().IsMatch(token))
                {
                    return Variable(token);
                }

                throw Unsupported(token);
        }
    }

    private object? Path()
    {
        object? current = _event;
        do
        {
            Expect(".");
            var token = Take();
            var segment = token.StartsWith('"') ? Unquote(token) : IdentifierPattern().IsMatch(token) ? token : throw Unsupported(token);
            current = current is IReadOnlyDictionary<string, object?> map ? map.GetValueOrDefault(segment) : null;
        }
        while (Peek() == ".");

        return current;
    }

    private string Variable(string name) =>
        _variables.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"the variable {name} is read before it is assigned");

    private string Identifier()
    {
        var token = Take();
        return IdentifierPattern().IsMatch(token) ? token : throw Unsupported(token);
    }

    private string StringLiteral()
    {
        var token = Take();
        return token.StartsWith('"') ? Unquote(token) : throw Unsupported(token);
    }

    private void Expect(string token)
    {
        var actual = Take();
        if (actual != token)
        {
            throw new InvalidOperationException($"expected '{token}' but found '{actual}' (token {_next})");
        }
    }

    private string? Peek() => _next < _tokens.Count ? _tokens[_next] : null;

    private string Take() => _next < _tokens.Count ? _tokens[_next++] : throw new InvalidOperationException("the program ends early");

    private InvalidOperationException Unsupported(string token) =>
        new($"'{token}' (token {_next}) is VRL this test does not interpret: extend VrlSubset or keep the remap simple");

    private static string Unquote(string token) =>
        token[1..^1].Contains('\\', StringComparison.Ordinal) ? throw new InvalidOperationException($"escapes in {token} are not interpreted") : token[1..^1];

    private static List<string> Tokenize(string source)
    {
        var tokens = new List<string>();
        foreach (var line in source.Split('\n'))
        {
            var code = line.TrimStart().StartsWith('#') ? string.Empty : line;
            var position = 0;
            foreach (Match match in TokenPattern().Matches(code))
            {
                if (match.Index != position && !string.IsNullOrWhiteSpace(code[position..match.Index]))
                {
                    throw new InvalidOperationException($"cannot read '{code[position..match.Index]}' in: {line}");
                }

                position = match.Index + match.Length;
                if (!string.IsNullOrWhiteSpace(match.Value))
                {
                    tokens.Add(match.Value);
                }
            }

            if (!string.IsNullOrWhiteSpace(code[position..]))
            {
                throw new InvalidOperationException($"cannot read '{code[position..]}' in: {line}");
            }

            tokens.Add("\n");
        }

        return tokens;
    }

    [GeneratedRegex(@"""[^""]*""|\?\?|==|!=|[A-Za-z_][A-Za-z0-9_]*|[(){}.;=+]|\s+")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}

using System.Text;
using System.Text.RegularExpressions;

namespace FoiPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// A small reader for the parts of a Bicep file the infrastructure check needs: parameters with their
/// defaults, variables, resource and module declarations with their bodies, and flat object literals.
/// </summary>
/// <remarks>
/// <para>
/// It is not a Bicep parser and does not pretend to be one. It removes comments (respecting strings, so
/// <c>https://</c> inside a string stays), finds declarations by their leading keyword at the start of a line,
/// and finds a body by matching brackets while skipping strings (with <c>${...}</c> interpolation). It does
/// not evaluate functions, follow module outputs, expand loops or check types.
/// </para>
/// <para>
/// Limits that matter to the check: a declaration must start its own line (<c>resource x '...' = {</c>);
/// an object literal's entries are separated by new lines or commas; a value the reader cannot resolve
/// (anything but a string literal, a parameter or variable holding one, or <c>name.member</c> of an object
/// parameter's default or an object variable) is reported as an expression, and the check substitutes a
/// placeholder for it. Multi-line <c>'''</c> strings are skipped whole.
/// </para>
/// </remarks>
public sealed partial class BicepFile
{
    public BicepFile(string path, string text)
    {
        Path = path;
        Text = text;
        Code = WithoutComments(text);
        // Declarations are read when first asked for, so that a file too broken to read can still report where it is broken.
        _parameters = new(() => ReadParameters(Code));
        _variables = new(() => ReadVariables(Code));
        _resources = new(() => ReadResources(Code));
        _modules = new(() => ReadModules(Code));
        _outputs = new(() => OutputDeclaration().Matches(Code).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value.Trim(), StringComparer.Ordinal));
    }

    private readonly Lazy<Dictionary<string, (string, string?)>> _parameters;
    private readonly Lazy<Dictionary<string, string>> _variables;
    private readonly Lazy<List<BicepResource>> _resources;
    private readonly Lazy<List<BicepModule>> _modules;
    private readonly Lazy<Dictionary<string, string>> _outputs;

    /// <summary>Where the file is, relative to the infra folder, with forward slashes.</summary>
    public string Path { get; }

    public string Text { get; }

    /// <summary>The text with every comment replaced by spaces (line breaks kept, so offsets and lines match <see cref="Text"/>).</summary>
    public string Code { get; }

    /// <summary>Parameters by name: the declared type and the default's source text (null when there is none).</summary>
    public IReadOnlyDictionary<string, (string Type, string? Default)> Parameters => _parameters.Value;

    /// <summary>Variables by name, with the source text of their value.</summary>
    public IReadOnlyDictionary<string, string> Variables => _variables.Value;

    public IReadOnlyList<BicepResource> Resources => _resources.Value;

    public IReadOnlyList<BicepModule> Modules => _modules.Value;

    /// <summary>Outputs by name, with the source text of their value.</summary>
    public IReadOnlyDictionary<string, string> Outputs => _outputs.Value;

    /// <summary>The literal string a value stands for, resolving parameters' defaults and variables of this file; null for anything else.</summary>
    public string? Resolve(string expression)
    {
        var value = expression.Trim();
        if (TryReadStringLiteral(value, out var literal))
        {
            return literal;
        }

        var member = MemberAccess().Match(value);
        if (member.Success)
        {
            var source = Source(member.Groups["name"].Value);
            if (source is null || !source.TrimStart().StartsWith('{'))
            {
                return null;
            }

            var entries = ReadObject(source, source.IndexOf('{', StringComparison.Ordinal));
            return entries.FirstOrDefault(e => e.Key == member.Groups["member"].Value) is { Key: not null } found ? Resolve(found.Value) : null;
        }

        return Identifier().IsMatch(value) && Source(value) is { } text && text != value ? Resolve(text) : null;
    }

    private string? Source(string name)
        => Variables.TryGetValue(name, out var variable) ? variable
            : Parameters.TryGetValue(name, out var parameter) ? parameter.Default
            : null;

    /// <summary>Problems with the file's brackets and strings (unclosed, unbalanced), each with a line number; empty when there are none.</summary>
    public IReadOnlyList<string> StructuralProblems()
    {
        var problems = new List<string>();
        var open = new Stack<(char Bracket, int At)>();
        var i = 0;
        while (i < Code.Length)
        {
            var c = Code[i];
            if (c == '\'')
            {
                var end = SkipString(Code, i);
                if (end < 0)
                {
                    problems.Add($"{Path}:{LineOf(i)}: a string is never closed.");
                    return problems;
                }

                i = end;
                continue;
            }

            if (c is '{' or '[' or '(')
            {
                open.Push((c, i));
            }
            else if (c is '}' or ']' or ')')
            {
                var expected = c switch { '}' => '{', ']' => '[', _ => '(' };
                if (open.Count == 0 || open.Peek().Bracket != expected)
                {
                    problems.Add($"{Path}:{LineOf(i)}: '{c}' closes nothing that is open here.");
                    return problems;
                }

                open.Pop();
            }

            i++;
        }

        problems.AddRange(open.Select(o => $"{Path}:{LineOf(o.At)}: '{o.Bracket}' is never closed."));
        return problems;
    }

    public int LineOf(int offset) => Text.AsSpan(0, Math.Min(offset, Text.Length)).Count('\n') + 1;

    /// <summary>
    /// The top-level entries of the object literal whose <c>{</c> is at <paramref name="open"/>: each key (quotes removed)
    /// with its value's source text, in order. Entries end at a new line or comma outside brackets and strings.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadObject(string code, int open)
    {
        if (open < 0 || open >= code.Length || code[open] != '{')
        {
            throw new ArgumentException($"No object literal starts at offset {open}.", nameof(open));
        }

        var close = MatchingBracket(code, open);
        var entries = new List<KeyValuePair<string, string>>();
        var i = open + 1;
        while (i < close)
        {
            while (i < close && (char.IsWhiteSpace(code[i]) || code[i] == ','))
            {
                i++;
            }

            if (i >= close)
            {
                break;
            }

            string key;
            if (code[i] == '\'')
            {
                var end = SkipString(code, i);
                TryReadStringLiteral(code[i..end], out var quoted);
                key = quoted ?? code[i..end];
                i = end;
            }
            else
            {
                var start = i;
                while (i < close && (char.IsLetterOrDigit(code[i]) || code[i] == '_'))
                {
                    i++;
                }

                key = code[start..i];
                if (key.Length == 0)
                {
                    throw new FormatException($"Expected a key at offset {start}: '{Excerpt(code, start)}'.");
                }
            }

            while (i < close && code[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= close || code[i] != ':')
            {
                throw new FormatException($"Expected ':' after key '{key}' at offset {i}: '{Excerpt(code, i)}'.");
            }

            i++;
            var valueStart = i;
            while (i < close && code[i] != '\n' && code[i] != ',')
            {
                i = code[i] switch
                {
                    '\'' => SkipString(code, i),
                    '{' or '[' or '(' => MatchingBracket(code, i) + 1,
                    _ => i + 1,
                };
            }

            entries.Add(new(key, code[valueStart..i].Trim()));
        }

        return entries;
    }

    /// <summary>The offset of the bracket that closes the one at <paramref name="open"/>, skipping strings.</summary>
    public static int MatchingBracket(string code, int open)
    {
        var depth = 0;
        for (var i = open; i < code.Length;)
        {
            switch (code[i])
            {
                case '\'':
                    i = SkipString(code, i);
                    if (i < 0)
                    {
                        throw new FormatException($"The string at offset {open} or after it is never closed.");
                    }

                    continue;
                case '{' or '[' or '(':
                    depth++;
                    break;
                case '}' or ']' or ')':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }

            i++;
        }

        throw new FormatException($"The bracket at offset {open} is never closed: '{Excerpt(code, open)}'.");
    }

    /// <summary>The value of a Bicep string literal, with escapes undone; interpolations <c>${...}</c> are kept as written.</summary>
    public static bool TryReadStringLiteral(string text, out string? value)
    {
        value = null;
        if (text.Length < 2 || text[0] != '\'' || SkipString(text, 0) != text.Length)
        {
            return false;
        }

        if (text.StartsWith("'''", StringComparison.Ordinal))
        {
            value = text[3..^3];
            return true;
        }

        var builder = new StringBuilder();
        for (var i = 1; i < text.Length - 1; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length - 1)
            {
                i++;
                builder.Append(text[i] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', _ => text[i] });
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        value = builder.ToString();
        return true;
    }

    /// <summary>The offset just after the string that starts at <paramref name="start"/>, or -1 when it is never closed.</summary>
    private static int SkipString(string code, int start)
    {
        if (string.CompareOrdinal(code, start, "'''", 0, 3) == 0)
        {
            var end = code.IndexOf("'''", start + 3, StringComparison.Ordinal);
            return end < 0 ? -1 : end + 3;
        }

        for (var i = start + 1; i < code.Length; i++)
        {
            switch (code[i])
            {
                case '\\':
                    i++;
                    break;
                case '\'':
                    return i + 1;
                case '$' when i + 1 < code.Length && code[i + 1] == '{':
                    // An interpolated expression may hold strings and brackets of its own.
                    var depth = 0;
                    for (i++; i < code.Length; i++)
                    {
                        if (code[i] == '\'')
                        {
                            var end = SkipString(code, i);
                            if (end < 0)
                            {
                                return -1;
                            }

                            i = end - 1;
                        }
                        else if (code[i] == '{')
                        {
                            depth++;
                        }
                        else if (code[i] == '}' && --depth == 0)
                        {
                            break;
                        }
                    }

                    break;
                case '\n':
                    return -1;
            }
        }

        return -1;
    }

    private static string WithoutComments(string text)
    {
        var code = new StringBuilder(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\'')
            {
                var end = SkipString(text, i);
                if (end < 0)
                {
                    break;
                }

                i = end - 1;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] is '/' or '*')
            {
                var block = text[i + 1] == '*';
                var end = block ? text.IndexOf("*/", i + 2, StringComparison.Ordinal) : text.IndexOf('\n', i);
                end = end < 0 ? text.Length : block ? end + 2 : end;
                for (var j = i; j < end; j++)
                {
                    if (code[j] != '\n')
                    {
                        code[j] = ' ';
                    }
                }

                i = end - 1;
            }
        }

        return code.ToString();
    }

    private static Dictionary<string, (string, string?)> ReadParameters(string code)
    {
        var parameters = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        foreach (Match match in ParameterDeclaration().Matches(code))
        {
            string? value = null;
            if (match.Groups["default"].Success)
            {
                var start = match.Groups["default"].Index;
                value = ValueAt(code, start);
            }

            parameters[match.Groups["name"].Value] = (match.Groups["type"].Value, value);
        }

        return parameters;
    }

    private static Dictionary<string, string> ReadVariables(string code)
        => VariableDeclaration().Matches(code).ToDictionary(m => m.Groups["name"].Value, m => ValueAt(code, m.Groups["value"].Index), StringComparer.Ordinal);

    /// <summary>The value starting at <paramref name="start"/>: a bracketed literal whole, otherwise the rest of the line.</summary>
    private static string ValueAt(string code, int start)
    {
        if (code[start] is '{' or '[')
        {
            return code[start..(MatchingBracket(code, start) + 1)];
        }

        var end = code.IndexOf('\n', start);
        return code[start..(end < 0 ? code.Length : end)].Trim();
    }

    private static List<BicepResource> ReadResources(string code)
    {
        var resources = new List<BicepResource>();
        foreach (Match match in ResourceDeclaration().Matches(code))
        {
            var open = match.Index + match.Length - 1;
            var close = MatchingBracket(code, open);
            var condition = match.Groups["condition"].Success ? match.Groups["condition"].Value.Trim() : null;
            resources.Add(new BicepResource(
                match.Groups["symbol"].Value, match.Groups["type"].Value, match.Groups["existing"].Success, condition,
                match.Groups["loop"].Success, match.Index, close + 1, code[open..(close + 1)]));
        }

        return resources;
    }

    private static List<BicepModule> ReadModules(string code)
    {
        var modules = new List<BicepModule>();
        foreach (Match match in ModuleDeclaration().Matches(code))
        {
            var open = match.Index + match.Length - 1;
            var close = MatchingBracket(code, open);
            var body = code[open..(close + 1)];
            var parameters = ReadObject(body, 0).FirstOrDefault(e => e.Key == "params").Value is { } text && text.StartsWith('{')
                ? ReadObject(text, 0).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            var condition = match.Groups["condition"].Success ? match.Groups["condition"].Value.Trim() : null;
            modules.Add(new BicepModule(match.Groups["symbol"].Value, match.Groups["path"].Value, condition, parameters));
        }

        return modules;
    }

    private static string Excerpt(string code, int at) => code.Substring(Math.Max(0, at), Math.Min(40, code.Length - Math.Max(0, at))).ReplaceLineEndings(" ");

    [GeneratedRegex(@"^[ \t]*param\s+(?<name>\w+)\s+(?<type>\w+)(?:[ \t]*=[ \t]*(?<default>\S))?", RegexOptions.Multiline)]
    private static partial Regex ParameterDeclaration();

    [GeneratedRegex(@"^[ \t]*var\s+(?<name>\w+)\s*=[ \t]*(?<value>\S)", RegexOptions.Multiline)]
    private static partial Regex VariableDeclaration();

    [GeneratedRegex(@"^[ \t]*output\s+(?<name>\w+)\s+\w+\s*=(?<value>[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex OutputDeclaration();

    [GeneratedRegex(@"^[ \t]*resource\s+(?<symbol>\w+)\s+'(?<type>[^'@]+)@[^']+'\s+(?<existing>existing\s+)?=\s*(?:if\s*(?<condition>\((?:[^()]|\([^()]*\))*\))\s*)?(?<loop>\[for\s[^\n]*?:\s*)?\{", RegexOptions.Multiline)]
    private static partial Regex ResourceDeclaration();

    [GeneratedRegex(@"^[ \t]*module\s+(?<symbol>\w+)\s+'(?<path>[^']+)'\s*=\s*(?:if\s*(?<condition>\((?:[^()]|\([^()]*\))*\))\s*)?\{", RegexOptions.Multiline)]
    private static partial Regex ModuleDeclaration();

    [GeneratedRegex(@"^(?<name>\w+)\.(?<member>\w+)$")]
    private static partial Regex MemberAccess();

    [GeneratedRegex(@"^\w+$")]
    private static partial Regex Identifier();
}

/// <summary>A <c>resource</c> declaration: its symbolic name, type (without API version), and body text from <c>{</c> to <c>}</c>.</summary>
public sealed record BicepResource(string Symbol, string Type, bool IsExisting, string? Condition, bool IsLoop, int Start, int End, string Body)
{
    /// <summary>The body's top-level entries (<c>name</c>, <c>scope</c>, <c>properties</c>, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries => BicepFile.ReadObject(Body, 0);

    public string? Entry(string key) => Entries.FirstOrDefault(e => e.Key == key).Value;
}

/// <summary>A <c>module</c> declaration: the file it deploys, its condition if any, and the source text of each parameter it passes.</summary>
public sealed record BicepModule(string Symbol, string Path, string? Condition, IReadOnlyDictionary<string, string> Parameters);

using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FoiPipeline.Intake.Html;

/// <summary>
/// Turns HTML (a web-form submission, an HTML-only email, a saved page) into the plain text a person would
/// read: block elements become line breaks, paragraphs blank lines, numbered lists keep their numbers ("1.")
/// and bullet lists get "- ", so a request's questions keep their shape. Scripts, styles and the head are
/// dropped; no resource is ever fetched.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> Paragraphs = new(StringComparer.OrdinalIgnoreCase) { "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "pre" };

    private static readonly HashSet<string> Lines = new(StringComparer.OrdinalIgnoreCase) { "div", "tr", "section", "article", "header", "footer", "li", "dt", "dd", "address", "form", "fieldset", "hr" };

    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "template", "noscript", "title", "svg" };

    /// <summary>
    /// Nesting beyond which a page is read with its tags stripped instead of parsed. AngleSharp's tree builder
    /// looks through its stack of open elements for each tag, so the time grows with the square of the depth:
    /// a 1 MB page of nested elements took minutes. Browsers stop nesting at 512; real letters nest a few dozen.
    /// </summary>
    public const int MaxDepth = 512;

    // Elements that never hold others or whose end tag is implied by the next one: they do not deepen the tree.
    private static readonly HashSet<string> Flat = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption",
        "rb", "rt", "rp", "html", "head", "body",
    };

    public static string ToText(string html) => ToText(html, out _);

    /// <param name="html">The page.</param>
    /// <param name="flattened">True when the page nested deeper than <see cref="MaxDepth"/> and its tags were stripped rather than read.</param>
    public static string ToText(string html, out bool flattened)
    {
        flattened = NestingDepth(html) > MaxDepth;
        if (flattened)
        {
            return StripTags(html);
        }

        var document = new HtmlParser().ParseDocument(html);
        var writer = new Writer();
        writer.Walk(document.Body ?? (INode)document.DocumentElement);
        return writer.ToString();
    }

    /// <summary>How deep the elements of a page nest, estimated in one pass over its tags without parsing it.</summary>
    internal static int NestingDepth(string html)
    {
        int depth = 0, deepest = 0;
        for (var i = html.IndexOf('<', StringComparison.Ordinal); i >= 0 && i + 1 < html.Length; i = html.IndexOf('<', i + 1))
        {
            if (html[i + 1] == '/')
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }

            var end = i + 1;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
            {
                end++;
            }

            if (end > i + 1 && char.IsAsciiLetter(html[i + 1]) && !Flat.Contains(html[(i + 1)..end]))
            {
                deepest = Math.Max(deepest, ++depth);
            }
        }

        return deepest;
    }

    /// <summary>The text between the tags, entities decoded and whitespace collapsed: what is left of a page too deep to parse.</summary>
    private static string StripTags(string html)
    {
        var text = new StringBuilder(html.Length);
        var inTag = false;
        foreach (var c in html)
        {
            if (inTag)
            {
                inTag = c != '>';
            }
            else if (c == '<')
            {
                inTag = true;
                text.Append(' ');
            }
            else
            {
                text.Append(c);
            }
        }

        return string.Join(' ', System.Net.WebUtility.HtmlDecode(text.ToString()).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private sealed class Writer
    {
        private readonly StringBuilder _text = new();
        private int _pendingBreaks;
        private bool _preformatted;

        /// <summary>
        /// Visits the tree in document order with a stack of its own rather than by recursion: hostile HTML
        /// nests elements hundreds of thousands deep, which would overflow the thread's stack and end the process.
        /// </summary>
        public void Walk(INode root)
        {
            var stack = new Stack<Visit>();
            stack.Push(new Visit(root));
            while (stack.TryPop(out var visit))
            {
                if (visit.Leaving)
                {
                    _preformatted = visit.WasPreformatted;
                    Break(visit.Breaks);
                    continue;
                }

                switch (visit.Node)
                {
                    case IText text:
                        Write(text.Data);
                        break;
                    case IElement element when Hidden.Contains(element.LocalName):
                        break;
                    case IElement { LocalName: "br" }:
                        Break(1);
                        break;
                    case IElement element:
                        stack.Push(Enter(element));
                        PushChildren(stack, element);
                        break;
                    default:
                        PushChildren(stack, visit.Node);
                        break;
                }
            }
        }

        private static void PushChildren(Stack<Visit> stack, INode node)
        {
            var children = node.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                stack.Push(new Visit(children[i]));
            }
        }

        /// <summary>Writes what comes before an element's content and returns what to do after it.</summary>
        private Visit Enter(IElement element)
        {
            var name = element.LocalName;
            var breaks = Paragraphs.Contains(name) ? 2 : Lines.Contains(name) ? 1 : 0;
            Break(breaks);
            if (name == "li")
            {
                Write(Marker(element));
            }

            if (name is "td" or "th" && element.PreviousElementSibling is not null)
            {
                Write(" | ");
            }

            var leave = new Visit(element, Leaving: true, breaks, _preformatted);
            _preformatted |= name == "pre";
            return leave;
        }

        private readonly record struct Visit(INode Node, bool Leaving = false, int Breaks = 0, bool WasPreformatted = false);

        // The number the next item of each ordered list gets: kept as the walk goes, because counting the
        // siblings before every item takes quadratic time over a list of a hundred thousand items.
        private readonly Dictionary<IElement, int> _nextNumber = [];

        // "1. " for an ordered list item (honouring start= and value=), "- " for any other.
        private string Marker(IElement item)
        {
            if (item.ParentElement is not { LocalName: "ol" } list)
            {
                return "- ";
            }

            if (!_nextNumber.TryGetValue(list, out var number))
            {
                number = int.TryParse(list.GetAttribute("start"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : 1;
            }

            if (int.TryParse(item.GetAttribute("value"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var own))
            {
                number = own;
            }

            _nextNumber[list] = number + 1;
            return list.GetAttribute("type") switch
            {
                "a" => $"{(char)('a' + ((number - 1) % 26))}. ",
                "A" => $"{(char)('A' + ((number - 1) % 26))}. ",
                _ => $"{number.ToString(CultureInfo.InvariantCulture)}. ",
            };
        }

        private void Break(int count) => _pendingBreaks = Math.Max(_pendingBreaks, count);

        private void Write(string data)
        {
            var text = _preformatted ? data.Replace("\r\n", "\n", StringComparison.Ordinal) : Collapse(data);
            if (text.Length == 0 || (!_preformatted && text == " " && (_text.Length == 0 || _pendingBreaks > 0 || _text[^1] == ' ')))
            {
                return;
            }

            if (_pendingBreaks > 0 && _text.Length > 0)
            {
                TrimTrailingSpaces();
                _text.Append('\n', _pendingBreaks);
                text = text.TrimStart(' ');
            }

            _pendingBreaks = 0;
            if (_text.Length > 0 && _text[^1] == ' ' && text.StartsWith(' '))
            {
                text = text.TrimStart(' ');
            }

            _text.Append(text.Replace('\u00A0', ' '));
        }

        private void TrimTrailingSpaces()
        {
            while (_text.Length > 0 && _text[^1] == ' ')
            {
                _text.Length--;
            }
        }

        private static string Collapse(string data)
        {
            var builder = new StringBuilder(data.Length);
            var space = false;
            foreach (var c in data)
            {
                if (char.IsWhiteSpace(c) && c != '\u00A0')
                {
                    space = true;
                    continue;
                }

                if (space)
                {
                    builder.Append(' ');
                    space = false;
                }

                builder.Append(c);
            }

            if (space)
            {
                builder.Append(' ');
            }

            return builder.ToString();
        }

        public override string ToString()
        {
            TrimTrailingSpaces();
            return _text.ToString().Trim('\n', ' ');
        }
    }
}

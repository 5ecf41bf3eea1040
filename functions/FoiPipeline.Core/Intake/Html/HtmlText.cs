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

    public static string ToText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var writer = new Writer();
        writer.Walk(document.Body ?? (INode)document.DocumentElement);
        return writer.ToString();
    }

    private sealed class Writer
    {
        private readonly StringBuilder _text = new();
        private int _pendingBreaks;
        private bool _preformatted;

        public void Walk(INode node)
        {
            switch (node)
            {
                case IText text:
                    Write(text.Data);
                    return;
                case IElement element when Hidden.Contains(element.LocalName):
                    return;
                case IElement { LocalName: "br" }:
                    Break(1);
                    return;
                case IElement element:
                    Element(element);
                    return;
                default:
                    foreach (var child in node.ChildNodes)
                    {
                        Walk(child);
                    }

                    return;
            }
        }

        private void Element(IElement element)
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

            var wasPreformatted = _preformatted;
            _preformatted |= name == "pre";
            foreach (var child in element.ChildNodes)
            {
                Walk(child);
            }

            _preformatted = wasPreformatted;
            Break(breaks);
        }

        // "1. " for an ordered list item (honouring start= and value=), "- " for any other.
        private static string Marker(IElement item)
        {
            if (item.ParentElement is not { LocalName: "ol" } list)
            {
                return "- ";
            }

            var number = int.TryParse(list.GetAttribute("start"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : 1;
            foreach (var sibling in list.Children)
            {
                if (sibling == item)
                {
                    break;
                }

                if (sibling.LocalName == "li")
                {
                    number = int.TryParse(sibling.GetAttribute("value"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value + 1 : number + 1;
                }
            }

            if (int.TryParse(item.GetAttribute("value"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var own))
            {
                number = own;
            }

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

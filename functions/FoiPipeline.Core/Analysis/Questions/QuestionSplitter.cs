using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FoiPipeline.Analysis.Questions;

/// <summary>A span of the letter that applies to every question without being one: a timeframe, a breakdown, a definition.</summary>
public sealed record ContextSpan(string Text, int Start, int End);

/// <summary>The questions of a request, with what applies to them and what to ask for if the cost limit is reached.</summary>
public sealed record QuestionSplit
{
    public required IReadOnlyList<Question> Questions { get; init; }

    /// <summary>For each question (same order), the span that introduces it ("The performance indicators of your CTSAs:"), whose themes it inherits.</summary>
    public required IReadOnlyList<(int Start, int End)?> LeadIns { get; init; }

    public required IReadOnlyList<ContextSpan> Context { get; init; }

    /// <summary>"If this would exceed the cost limit, please provide only...": what to answer instead, not another question.</summary>
    public ContextSpan? Fallback { get; init; }
}

/// <summary>
/// Splits the request part of a letter into its questions: one per top-level list item (numbered, lettered,
/// roman, bulleted, "Q1:", or plain lines after a lead-in ending with a colon), a nested list belonging to
/// the item above it; and where the asks are prose, one per sentence that asks for something. Lists of
/// timeframes or breakdowns, definitions, and cost-limit fallbacks are recorded but are not questions.
/// </summary>
public static partial class QuestionSplitter
{
    public static QuestionSplit Split(string text, IReadOnlyList<(int Start, int End)> spans)
    {
        var blocks = Blocks(text, spans);
        var lists = Lists(text, blocks);
        var questions = new List<(Question Question, (int, int)? LeadIn)>();
        var context = new List<ContextSpan>();
        ContextSpan? fallback = null;

        var inLists = new HashSet<Block>();
        foreach (var list in lists)
        {
            inLists.UnionWith(list.Items.SelectMany(i => i.Children.Prepend(i.Block)));
            if (list.LeadIn is { } leadIn)
            {
                inLists.Add(leadIn);
            }

            if (IsContextList(text, list))
            {
                context.Add(Context(text, list.Items[0].Block.Start, list.Items[^1].End));
                continue;
            }

            var leadInSpan = list.LeadIn is { } lead ? (lead.Start, lead.End) : ((int, int)?)null;
            var position = 0;
            foreach (var item in list.Items)
            {
                // Bullets and unmarked lines have no label of their own: they are numbered in order, as a reviewer would cite them.
                position++;
                var label = string.IsNullOrEmpty(item.Block.Label) ? position.ToString(CultureInfo.InvariantCulture) : item.Block.Label;
                questions.Add((MakeQuestion(text, label, item.Block.TextStart, item.End), leadInSpan));
            }
        }

        var proseNumber = 0;
        foreach (var block in blocks.Where(b => !inLists.Contains(b)))
        {
            foreach (var (start, end) in Sentences(text, block.TextStart, block.End))
            {
                var sentence = text[start..end];
                switch (Classify(sentence))
                {
                    case SentenceKind.Fallback:
                        fallback ??= Context(text, start, end);
                        break;
                    case SentenceKind.Context:
                        context.Add(Context(text, start, end));
                        break;
                    case SentenceKind.Ask:
                        proseNumber++;
                        questions.Add((MakeQuestion(text, proseNumber.ToString(CultureInfo.InvariantCulture), start, end), null));
                        break;
                }
            }
        }

        questions.Sort((a, b) => a.Question.Start.CompareTo(b.Question.Start));

        // Labels name questions in flags and in reviewers' notes, so each must be unique: a prose ask after a
        // numbered list takes the next free number rather than a second "1".
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < questions.Count; i++)
        {
            var label = questions[i].Question.Label;
            if (!used.Add(label))
            {
                var next = 1;
                while (!used.Add(next.ToString(CultureInfo.InvariantCulture)))
                {
                    next++;
                }

                questions[i] = (questions[i].Question with { Label = (next).ToString(CultureInfo.InvariantCulture) }, questions[i].LeadIn);
            }
        }
        return new QuestionSplit
        {
            Questions = [.. questions.Select(q => q.Question)],
            LeadIns = [.. questions.Select(q => q.LeadIn)],
            Context = context,
            Fallback = fallback,
        };
    }

    // ---- Blocks: list items and paragraphs -------------------------------------------------------------

    private enum MarkerFamily
    {
        None,
        Number,
        Letter,
        Roman,
        Question,
        Bullet,
        Plain,
    }

    /// <summary>A list item or a paragraph: its span, and for an item its marker, label and indentation.</summary>
    private sealed record Block(int Start, int TextStart, int End, MarkerFamily Family, string? Style, string? Label, int Indent)
    {
        public bool IsItem => Family != MarkerFamily.None;
    }

    // "1." "1)" "(1)" "a.)" "(a)" "a)" "a." "ii." "(iv)" "Q1:" "Question 1." "- " "* " "• "
    [GeneratedRegex(@"^(?<indent>[ \t]*)(?:(?<num>\d{1,2})(?<p>[.)])|\((?<num>\d{1,2})\)|(?<let>[a-zA-Z])(?<p>\.\))|\((?<rl>[a-zA-Z]|[ivxIVX]{2,5})\)|(?<rom>[ivxIVX]{2,5})(?<p>[.)])|(?<let>[a-zA-Z])(?<p>[.)])|(?:Q|Question)[ \t]*(?<q>\d{1,2})[ \t]*[:.)\-]|(?<bullet>[-*\u2022\u00B7\u2013\u25AA\u25E6]))[ \t]+(?=\S)")]
    private static partial Regex ItemMarker();

    private static List<Block> Blocks(string text, IReadOnlyList<(int Start, int End)> spans)
    {
        var blocks = new List<Block>();
        foreach (var (spanStart, spanEnd) in spans)
        {
            Block? open = null;
            foreach (var (start, end) in Layout.LetterLayout.Lines(text, spanStart, spanEnd))
            {
                var line = text.AsSpan(start, end - start);
                if (line.Trim().Length == 0)
                {
                    Close();
                    continue;
                }

                var marker = ItemMarker().Match(text, start, end - start);
                if (marker.Success && marker.Index == start)
                {
                    Close();
                    var (family, style, label) = Marker(marker);
                    open = new Block(start, start + marker.Length, end, family, style, label, marker.Groups["indent"].Length);
                    continue;
                }

                // A plain line: it continues the open block (a wrapped item or paragraph).
                open = open is null ? new Block(start, start + LeadingSpace(line), end, MarkerFamily.None, null, null, LeadingSpace(line)) : open with { End = end };
            }

            Close();

            void Close()
            {
                if (open is not null)
                {
                    var afterLeadIn = blocks.Count > 0 && !blocks[^1].IsItem && text.AsSpan(blocks[^1].Start, blocks[^1].End - blocks[^1].Start).TrimEnd().EndsWith(":");
                    blocks.AddRange(SplitUnmarkedList(text, open, afterLeadIn));
                    open = null;
                }
            }
        }

        return blocks;
    }

    private static (MarkerFamily Family, string Style, string Label) Marker(Match marker)
    {
        var punctuation = marker.Groups["p"].Value;
        if (marker.Groups["num"].Success)
        {
            return (MarkerFamily.Number, marker.Value.TrimStart().StartsWith('(') ? "(n)" : "n" + punctuation, marker.Groups["num"].Value);
        }

        if (marker.Groups["q"].Success)
        {
            return (MarkerFamily.Question, "Q", marker.Groups["q"].Value);
        }

        if (marker.Groups["bullet"].Success)
        {
            return (MarkerFamily.Bullet, marker.Groups["bullet"].Value, string.Empty);
        }

        if (marker.Groups["rom"].Success)
        {
            return (MarkerFamily.Roman, "r" + punctuation, marker.Groups["rom"].Value.ToLowerInvariant());
        }

        if (marker.Groups["rl"].Success)
        {
            var value = marker.Groups["rl"].Value;
            return value.Length > 1 ? (MarkerFamily.Roman, "(r)", value.ToLowerInvariant()) : (MarkerFamily.Letter, "(a)", value.ToLowerInvariant());
        }

        return (MarkerFamily.Letter, "a" + punctuation, marker.Groups["let"].Value.ToLowerInvariant());
    }

    /// <summary>
    /// A paragraph whose first line ends with a colon and whose other lines are each a separate ask ("Number of
    /// investigations ...", "Number of deployments ...") is a lead-in and an unmarked list.
    /// </summary>
    private static IEnumerable<Block> SplitUnmarkedList(string text, Block block, bool afterLeadIn)
    {
        if (block.IsItem)
        {
            yield return block;
            yield break;
        }

        var lines = Layout.LetterLayout.Lines(text, block.Start, block.End);
        var colon = lines.FindIndex(l => text.AsSpan(l.Start, l.End - l.Start).TrimEnd().EndsWith(":"));
        if (colon < 0 && afterLeadIn && lines.Count >= 2)
        {
            // The lead-in is the paragraph before: every line of this one must be an ask of its own.
            colon = -1;
            if (lines.All(l => UnmarkedItem().IsMatch(text.AsSpan(l.Start, l.End - l.Start))))
            {
                foreach (var line in lines)
                {
                    var indent = LeadingSpace(text.AsSpan(line.Start, line.End - line.Start));
                    yield return new Block(line.Start, line.Start + indent, line.End, MarkerFamily.Plain, "plain", null, indent);
                }

                yield break;
            }
        }

        var rest = colon < 0 ? [] : lines.Skip(colon + 1).ToList();
        if (colon < 0 || rest.Count < 2 || !rest.All(l => UnmarkedItem().IsMatch(text.AsSpan(l.Start, l.End - l.Start))))
        {
            yield return block;
            yield break;
        }

        yield return block with { End = lines[colon].End };
        foreach (var line in rest)
        {
            var indent = LeadingSpace(text.AsSpan(line.Start, line.End - line.Start));
            yield return new Block(line.Start, line.Start + indent, line.End, MarkerFamily.Plain, "plain", null, indent);
        }
    }

    // A line that is an ask by itself: starts like a request for a figure or record, or is a question.
    [GeneratedRegex(@"^\s*(?:(?:the )?(?:number|numbers|total|amount|cost|costs|details|list|copy|copies|breakdown|proportion|percentage)\b|how (?:many|much|often|long)\b|what\b|which\b|when\b|where\b|whether\b|any\b|all\b|[^\n]*\?\s*$)", RegexOptions.IgnoreCase)]
    private static partial Regex UnmarkedItem();

    private static int LeadingSpace(ReadOnlySpan<char> line)
    {
        var i = 0;
        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }

    // ---- Lists: runs of items, with nesting ------------------------------------------------------------

    private sealed record Item(Block Block, List<Block> Children)
    {
        public int End => Children.Count > 0 ? Children[^1].End : Block.End;
    }

    private sealed record ItemList(Block? LeadIn, List<Item> Items);

    private static List<ItemList> Lists(string text, List<Block> blocks)
    {
        var lists = new List<ItemList>();
        ItemList? current = null;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (!block.IsItem)
            {
                current = null;
                continue;
            }

            if (current is null)
            {
                var leadIn = i > 0 && !blocks[i - 1].IsItem ? blocks[i - 1] : null;
                current = new ItemList(leadIn, []);
                lists.Add(current);
                current.Items.Add(new Item(block, []));
                continue;
            }

            var top = current.Items[0].Block;
            var parent = current.Items[^1];

            // "i." after something other than "h." starts a roman list, not the ninth letter.
            if (block is { Family: MarkerFamily.Letter, Label: "i" } && (parent.Children.LastOrDefault() ?? parent.Block).Label != "h")
            {
                block = block with { Family = MarkerFamily.Roman, Style = "r" + block.Style![^1..] };
            }

            if (IsChild(text, block, top, parent))
            {
                parent.Children.Add(block);
            }
            else if (block.Family != top.Family && i > 0 && IsBlankBetween(text, blocks[i - 1], block))
            {
                // A new kind of marker after a blank line is a new list: timeframes as bullets, then numbered questions.
                current = new ItemList(null, [new Item(block, [])]);
                lists.Add(current);
            }
            else
            {
                current.Items.Add(new Item(block, []));
            }
        }

        return lists;
    }

    private static bool IsBlankBetween(string text, Block before, Block after)
        => text.AsSpan(before.End, Math.Max(0, after.Start - before.End)).Count('\n') >= 2;

    /// <summary>
    /// An item belongs to the item above it when it is indented further, or when it is marked at a lower level
    /// (letters or bullets under numbers, bullets under letters) and the item above introduces it (ends with a
    /// colon) or the list is numbered, where a lettered run can only be sub-questions.
    /// </summary>
    private static bool IsChild(string text, Block block, Block top, Item parent)
    {
        if (block.Indent > top.Indent + 1)
        {
            return true;
        }

        if (block.Indent < top.Indent - 1 || SameFamily(block, top) || Rank(block) <= Rank(top))
        {
            return false;
        }

        return parent.Children.Count > 0
            || Rank(top) == 0
            || text.AsSpan(parent.Block.TextStart, parent.Block.End - parent.Block.TextStart).TrimEnd().EndsWith(":");
    }

    private static int Rank(Block block) => block.Family switch
    {
        MarkerFamily.Number or MarkerFamily.Question => 0,
        MarkerFamily.Letter => 1,
        MarkerFamily.Roman => 2,
        _ => 3,
    };

    private static bool SameFamily(Block a, Block b) => a.Family == b.Family;

    // ---- Context lists, sentences and their kinds -------------------------------------------------------

    [GeneratedRegex(@"\b(?:time ?frames?|periods?|date ranges?|years?|months?|quarters?|over the following|for each of the following|broken down by|break (?:it |this |these |the (?:figures|data|information) )?down by|split by|by the following|categories)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ContextLeadIn();

    [GeneratedRegex(@"\b(?:19|20)\d{2}\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:age|gender|sex|ethnicity|rank|month|year|quarter|borough|district|region|outcome)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DateOrCategory();

    private static bool IsContextList(string text, ItemList list)
    {
        var items = list.Items.Select(i => text[i.Block.TextStart..i.End]).ToList();
        var shortDateLike = items.All(i => i.Length <= 80 && DateOrCategory().IsMatch(i) && !IsAsk(i));
        var leadIn = list.LeadIn is { } lead ? text[lead.TextStart..lead.End] : string.Empty;
        return shortDateLike && (ContextLeadIn().IsMatch(leadIn) || items.All(i => DateOrCategory().Count(i) >= 2));
    }

    private enum SentenceKind
    {
        Other,
        Ask,
        Context,
        Fallback,
    }

    // Words that make a sentence an ask whatever else it says: a question mark, "I would like", "please provide".
    [GeneratedRegex(
        @"\?|\b(?:i (?:would|should) (?:also |then |further |additionally )*like|i'd (?:also )?like|i wish to (?:know|request|receive|obtain|see|have)|i (?:am |am also )?(?:request|requesting|asking for|seek|seeking)\b|i (?:also )?want (?:to (?:know|see|receive|obtain|have)|all|any|copies|a copy|the|details)\b|please (?:could you |can you |would you )?(?:also )?(?:provide|send|supply|tell|confirm|disclose|give|let me know|advise|state|list|include|share|explain|indicate|specify|answer)|(?:could|can|would|will) you (?:please )?(?:also )?(?:provide|tell|confirm|send|supply|disclose|advise|let me know|state|list|share|explain)|request(?:ing)? (?:the|a|any|all|details|information (?:on|about|regarding|relating))\b)",
        RegexOptions.IgnoreCase)]
    private static partial Regex Ask();

    // Words that name information without asking for it by themselves: an ask only in a sentence that is not
    // the writer talking about themselves ("I have enclosed a copy of my licence", "I am concerned about how long...").
    [GeneratedRegex(@"\b(?:how (?:many|much|often|long)|what (?:is|are|was|were|has|have|does|do|did)\b|whether\b|the number of|a copy of|copies of|details of|a list of|a breakdown of|the total (?:number|amount|cost|spend|value))", RegexOptions.IgnoreCase)]
    private static partial Regex NamedInformation();

    [GeneratedRegex(@"^\W*(?:i|we|my|our)(?:'m|'ve)? (?:also )?(?:live|am|are|was|were|have|had|work|worked|recently|noticed|understand|believe|read|saw|note|recall|know|realise|realize|appreciate|enclose|attach)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AboutTheWriter();

    private static bool IsAsk(string sentence)
        => Ask().IsMatch(sentence) || (NamedInformation().IsMatch(sentence) && !AboutTheWriter().IsMatch(sentence));

    // "I would like to request information under the Freedom of Information Act about..." names the act, not an ask.
    [GeneratedRegex(@"\b(?:request|make a request|making a request|requesting|writing|ask)\b[^.?]{0,60}\b(?:information|request|the following)\b[^.?]{0,40}\b(?:under|pursuant to|in accordance with)\b[^.?]{0,20}\bfreedom of information\b|^\s*(?:this is|please treat this as) (?:a|my) (?:request|freedom of information request)|^\s*i am writing (?:to you )?(?:under|in accordance with|to make)", RegexOptions.IgnoreCase)]
    private static partial Regex Meta();

    [GeneratedRegex(@"\b(?:the number of|how many|how much|a copy of|copies of|details of|a list of|a breakdown of|the total)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ConcreteAsk();

    // Also "if you have monthly but not weekly figures, just send what you have": a partial answer offered in advance.
    [GeneratedRegex(@"\bif you (?:only )?(?:have|hold|record|keep|don't have|do not have|cannot|can't|are unable)\b[^.?]{0,120}\b(?:just|only|instead|what(?:ever)? you (?:have|hold|can))\b|\bif\b[^.?]{0,160}\b(?:cost|costs|appropriate limit|cost limit|fees? limit|section 12|s\.? ?12|exceed|exceeds|exceeded|too (?:much|many|costly|expensive|large)|impossible to (?:respond|answer|provide))\b[^.?]{0,200}\b(?:only|just|instead|first|most recent|latest|reduce|narrow|restrict|limit (?:it|this|the)|priorit)", RegexOptions.IgnoreCase)]
    private static partial Regex Fallback();

    [GeneratedRegex(@"^\s*[(*]*\s*(?:(?:please )?(?:break|split) (?:all |each |the |these |this )?(?:figures |data |information |numbers |answers |results )?down by|(?:for|in) (?:each|all|the) (?:of )?(?:the )?(?:(?:calendar|financial) )?(?:years?|periods?|months?|question|questions|of the above)\b|(?:i|we) (?:need|want|would like) (?:this|the|these) (?:data|figures|information) (?:for|over|across|broken)|by [\w ]{0,30}(?:i|we) mean|we mean|i mean|for the (?:avoidance of doubt|purposes? of this request)|where i say|definitions?:)", RegexOptions.IgnoreCase)]
    private static partial Regex ContextSentence();

    [GeneratedRegex(@"(?:send (?:back )?(?:me )?what you have|in (?:an? )?(?:electronic|spreadsheet|excel|csv|machine-readable|pdf) (?:format|form)?|(?:prefer|like) (?:to receive |to have )?(?:the (?:figures|data|information|response) )?(?:as|in) (?:a |an )?(?:spreadsheet|excel|csv|electronic)|\b(?:as|in) (?:a |an )?(?:table|tabular|spreadsheet|excel|csv)\b|by (?:e-?mail|post)\b|(?:please )?acknowledge (?:receipt|this)|(?:let me know|contact me) if (?:you|anything|any)|if you (?:need|require) (?:any )?(?:clarification|further information|more information)|\bif (?:any part of )?(?:this|my|the) request is (?:refused|withheld|declined)|\bif you (?:refuse|withhold|decline)\b|\bexemptions? (?:apply|applies|you (?:rely|are relying|intend to rely) on)|\b(?:neither confirm nor deny|ncnd)\b|\bnot asking (?:for|about)\b|i look forward to|thank you (?:for|in advance)|please do not hesitate)", RegexOptions.IgnoreCase)]
    private static partial Regex Instruction();

    private static SentenceKind Classify(string sentence)
    {
        if (Fallback().IsMatch(sentence))
        {
            return SentenceKind.Fallback;
        }

        if (ContextSentence().IsMatch(sentence) && !ConcreteAsk().IsMatch(sentence))
        {
            return SentenceKind.Context;
        }

        var trimmed = sentence.TrimEnd();
        if (trimmed.EndsWith(':'))
        {
            return SentenceKind.Other; // a lead-in to a list that was not split into items
        }

        if (Instruction().IsMatch(sentence) && !ConcreteAsk().IsMatch(sentence) && !sentence.Contains('?', StringComparison.Ordinal))
        {
            return SentenceKind.Other;
        }

        if (Meta().IsMatch(sentence) && !ConcreteAsk().IsMatch(sentence))
        {
            return SentenceKind.Other;
        }

        return IsAsk(sentence) ? SentenceKind.Ask : SentenceKind.Other;
    }

    /// <summary>Sentences of a paragraph: ends at ". ", "? ", "! " before a capital or an opening bracket, not after an abbreviation or an initial.</summary>
    private static IEnumerable<(int Start, int End)> Sentences(string text, int start, int end)
    {
        var sentenceStart = start;
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth = Math.Max(0, depth - 1);
            }

            if (c is not ('.' or '?' or '!') || depth > 0)
            {
                continue;
            }

            var next = i + 1;
            while (next < end && text[next] is '*' or '"' or '\'' or '\u201D' or '\u2019' or ')')
            {
                next++;
            }

            if (next >= end || !char.IsWhiteSpace(text[next]))
            {
                continue;
            }

            var after = next;
            while (after < end && char.IsWhiteSpace(text[after]))
            {
                after++;
            }

            if (after < end && !(char.IsUpper(text[after]) || text[after] is '(' or '*' or '"' or '\u201C'))
            {
                continue;
            }

            if (c == '.' && IsAbbreviation(text, sentenceStart, i))
            {
                continue;
            }

            if (text.AsSpan(sentenceStart, next - sentenceStart).Trim().Length > 0)
            {
                yield return Trim(text, sentenceStart, next);
            }

            sentenceStart = after;
        }

        if (text.AsSpan(sentenceStart, Math.Max(0, end - sentenceStart)).Trim().Length > 0)
        {
            yield return Trim(text, sentenceStart, end);
        }
    }

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "eg", "ie", "etc", "mr", "mrs", "ms", "dr", "st", "no", "nos", "vs", "approx", "inc", "ltd", "co", "sgt", "insp", "supt", "pc", "dc", "ds", "di", "s", "ss", "para", "fig", "vol", "ch", "cf", "al",
    };

    private static bool IsAbbreviation(string text, int sentenceStart, int dot)
    {
        var wordStart = dot;
        while (wordStart > sentenceStart && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text[wordStart..dot];
        return Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0]));
    }

    // ---- Building questions -----------------------------------------------------------------------------

    private static Question MakeQuestion(string text, string label, int start, int end)
    {
        (start, end) = Trim(text, start, end);

        // Emphasis asterisks around a whole question ("*How many ...?*") are not part of it.
        while (start < end && text[start] == '*')
        {
            start++;
        }

        while (end > start && text[end - 1] is '*' or ' ')
        {
            end--;
        }

        return new Question { Label = label, Text = Collapse(text[start..end]), Start = start, End = end };
    }

    private static ContextSpan Context(string text, int start, int end)
    {
        (start, end) = Trim(text, start, end);
        return new ContextSpan(Collapse(text[start..end]), start, end);
    }

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    private static string Collapse(string text)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = result.Length > 0;
                continue;
            }

            if (space)
            {
                result.Append(' ');
                space = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}

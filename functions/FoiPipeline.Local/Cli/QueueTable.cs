using System.Globalization;
using System.Text;
using System.Text.Json;
using FoiPipeline.Deadlines;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;

namespace FoiPipeline.Local.Cli;

/// <summary>Prints the triage queue as a plain-text table, soonest deadline first.</summary>
public static class QueueTable
{
    private const int SubjectWidth = 48;
    private const int RequesterWidth = 22;

    public static void Write(TextWriter output, TriagePage page, WorkingDays workingDays, DateOnly today)
    {
        if (page.Items.Count == 0)
        {
            output.WriteLine("The triage queue is empty.");
            return;
        }

        var rows = page.Items.Select(entry => new[]
        {
            entry.DueAt?.ToString("ddd dd MMM yyyy", CultureInfo.InvariantCulture) ?? "unknown",
            DaysLeft(entry.DueAt, workingDays, today),
            Cell(JsonSerializer.Serialize(entry.Status, PipelineJson.Options).Trim('"'), 22),
            entry.Questions.Count.ToString(CultureInfo.InvariantCulture),
            Cell(entry.Requester.Name ?? entry.Requester.Email ?? "(unknown)", RequesterWidth),
            Cell(entry.Subject ?? "(no subject)", SubjectWidth),
            entry.Id[..8],
        }).ToList();
        string[] headings = ["Due", "Left", "Status", "Qs", "Requester", "Subject", "Id"];
        var widths = headings.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();

        var text = new StringBuilder();
        AppendRow(text, headings, widths);
        AppendRow(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }

        output.Write(text.ToString());
        var shown = page.Items.Count;
        output.WriteLine(shown < page.Total
            ? $"{shown} of {page.Total} requests shown (\"Left\" is working days to the {workingDays.Regime.Title} deadline)."
            : $"{page.Total} request{(page.Total == 1 ? string.Empty : "s")} (\"Left\" is working days to the {workingDays.Regime.Title} deadline).");
    }

    private static string DaysLeft(DateOnly? due, WorkingDays workingDays, DateOnly today)
    {
        if (due is null)
        {
            return "?";
        }

        try
        {
            var left = workingDays.WorkingDaysLeft(today, due.Value);
            return left switch
            {
                < 0 => $"{-left} late",
                0 => "today",
                _ => left.ToString(CultureInfo.InvariantCulture),
            };
        }
        catch (CalendarNotCoveredException)
        {
            return "?";
        }
    }

    private static string Cell(string value, int width)
    {
        var single = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return single.Length <= width ? single : single[..(width - 1)] + "…";
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }

        text.Append('\n');
    }
}

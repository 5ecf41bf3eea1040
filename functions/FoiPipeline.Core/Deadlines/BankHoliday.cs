namespace FoiPipeline.Deadlines;

/// <summary>
/// One bank holiday in one division. The title follows gov.uk's wording, including "(substitute day)" when a
/// holiday that falls at a weekend is observed on a weekday instead.
/// </summary>
public sealed record BankHoliday(DateOnly Date, string Title, UkDivision Division);

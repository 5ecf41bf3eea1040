namespace FoiPipeline.Review;

/// <summary>The roles a reviewer can hold. The same names are Entra ID app roles in Azure and claims in local development tokens.</summary>
public static class ReviewerRoles
{
    /// <summary>Works the queue: claims, edits, routes and decides requests that are not restricted.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>A reviewer cleared to see restricted requests (covert tactics, counter-terrorism and the like).</summary>
    public const string SensitiveReviewer = "sensitive-reviewer";

    /// <summary>Runs the service: may release anyone's claim and reopen a finished request. Clearance is separate.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Reviewer, SensitiveReviewer, Admin];
}

/// <summary>Who a reviewer is, as the audit trail and the claim record them.</summary>
public sealed record ReviewerRef(string Id, string Name);

/// <summary>
/// An authenticated caller of the reviewer API: a stable id (the Entra ID object id in Azure, the token's
/// subject locally), a display name, and the roles granted.
/// </summary>
public sealed record Reviewer(string Id, string Name, IReadOnlySet<string> Roles)
{
    /// <summary>Holds at least one reviewer role; anyone else is refused everything.</summary>
    public bool HasAnyRole => Roles.Overlaps(ReviewerRoles.All);

    /// <summary>May see restricted requests at all: lists, counts, facets, highlights and by id.</summary>
    public bool IsCleared => Roles.Contains(ReviewerRoles.SensitiveReviewer);

    public bool IsAdmin => Roles.Contains(ReviewerRoles.Admin);

    public ReviewerRef Ref => new(Id, Name);
}

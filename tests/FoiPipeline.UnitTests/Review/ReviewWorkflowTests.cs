using FoiPipeline.Review;
using FoiPipeline.Triage;
using Xunit;

namespace FoiPipeline.UnitTests.Review;

public sealed class ReviewWorkflowTests
{
    public static TheoryData<RequestStatus, RequestStatus> NormalPath => new()
    {
        { RequestStatus.New, RequestStatus.InReview },
        { RequestStatus.InReview, RequestStatus.Referred },
        { RequestStatus.InReview, RequestStatus.AwaitingClarification },
        { RequestStatus.InReview, RequestStatus.Ready },
        { RequestStatus.Referred, RequestStatus.Ready },
        { RequestStatus.AwaitingClarification, RequestStatus.InReview },
        { RequestStatus.AwaitingClarification, RequestStatus.Closed },
        { RequestStatus.Ready, RequestStatus.Closed },
        { RequestStatus.New, RequestStatus.Rejected },
        { RequestStatus.InReview, RequestStatus.Duplicate },
    };

    public static TheoryData<RequestStatus, RequestStatus> Forbidden => new()
    {
        { RequestStatus.New, RequestStatus.Closed },
        { RequestStatus.New, RequestStatus.Ready },
        { RequestStatus.New, RequestStatus.Referred },
        { RequestStatus.InReview, RequestStatus.Closed },
        { RequestStatus.Referred, RequestStatus.Closed },
        { RequestStatus.Ready, RequestStatus.Referred },
        { RequestStatus.Closed, RequestStatus.InReview },
        { RequestStatus.Rejected, RequestStatus.New },
        { RequestStatus.Duplicate, RequestStatus.Ready },
        { RequestStatus.InReview, RequestStatus.New },
    };

    [Theory]
    [MemberData(nameof(NormalPath))]
    public void The_workflow_allows_each_step_of_the_normal_path(RequestStatus from, RequestStatus to)
        => Assert.True(ReviewWorkflow.IsAllowed(from, to, admin: false));

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void The_workflow_forbids_skipping_steps_and_leaving_a_finished_request(RequestStatus from, RequestStatus to)
        => Assert.False(ReviewWorkflow.IsAllowed(from, to, admin: false));

    [Theory]
    [InlineData(RequestStatus.Closed)]
    [InlineData(RequestStatus.Rejected)]
    [InlineData(RequestStatus.Duplicate)]
    public void Only_an_admin_reopens_a_finished_request_and_only_to_in_review(RequestStatus finished)
    {
        Assert.Empty(ReviewWorkflow.AllowedFrom(finished, admin: false));
        Assert.Equal([RequestStatus.InReview], ReviewWorkflow.AllowedFrom(finished, admin: true));
    }

    [Fact]
    public void Every_status_can_reach_a_finished_status()
    {
        foreach (var start in Enum.GetValues<RequestStatus>().Where(s => !ReviewWorkflow.IsFinished(s)))
        {
            var seen = new HashSet<RequestStatus> { start };
            var frontier = new Queue<RequestStatus>([start]);
            while (frontier.TryDequeue(out var status))
            {
                foreach (var next in ReviewWorkflow.AllowedFrom(status, admin: false).Where(seen.Add))
                {
                    frontier.Enqueue(next);
                }
            }

            Assert.Contains(seen, ReviewWorkflow.IsFinished);
        }
    }

    [Fact]
    public void Rejecting_referring_and_closing_need_a_reason()
    {
        Assert.True(ReviewWorkflow.NeedsDecision(RequestStatus.Rejected));
        Assert.True(ReviewWorkflow.NeedsDecision(RequestStatus.Referred));
        Assert.True(ReviewWorkflow.NeedsDecision(RequestStatus.Closed));
        Assert.False(ReviewWorkflow.NeedsDecision(RequestStatus.Ready));
    }
}

using VerifyTrack.Web.Claims;

namespace VerifyTrack.Tests.Claims;

public sealed class BulkRulesTests
{
    private const string Me = "ana@desk.example";

    private static (FieldErrors Errors, BulkRequest? Request) Check(BulkInput input, bool versionsRequired = false) =>
        BulkRules.Check(input, Me, versionsRequired);

    private static string[] Fields(FieldErrors errors) => errors.ToDictionary().Keys.Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Check_AssignToMe_ResolvesMeAndKeepsTheVersionsSent()
    {
        var (errors, request) = Check(new BulkInput([3, 5], "assign", Assignee: " Me ", Versions: new Dictionary<long, long> { [5] = 7 }));

        Assert.True(errors.IsEmpty);
        Assert.Equal(BulkAction.Assign, request!.Action);
        Assert.Equal(Me, request.Assignee);
        Assert.Equal([new BulkTarget(3, null), new BulkTarget(5, 7)], request.Claims);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Check_AssignWithoutAssignee_MeansNobody(string? assignee)
    {
        var (errors, request) = Check(new BulkInput([3], "assign", Assignee: assignee));

        Assert.True(errors.IsEmpty);
        Assert.Null(request!.Assignee);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("delete")]
    [InlineData("Assign")]
    public void Check_UnknownAction_IsAFieldError(string? action)
    {
        var (errors, request) = Check(new BulkInput([1], action));

        Assert.Null(request);
        Assert.Equal(["action"], Fields(errors));
        Assert.Contains("assign, move, priority, review", errors.ToDictionary()["action"][0]);
    }

    [Fact]
    public void Check_NoIds_AskToTickAClaim()
    {
        Assert.Equal(["ids"], Fields(Check(new BulkInput(null, "assign")).Errors));
        Assert.Equal(["ids"], Fields(Check(new BulkInput([], "assign")).Errors));
    }

    [Fact]
    public void Check_TwoHundredIds_AreAllowed_TwoHundredAndOneAreNot()
    {
        Assert.True(Check(new BulkInput(Enumerable.Range(1, 200).Select(i => (long)i).ToList(), "assign")).Errors.IsEmpty);

        var (errors, _) = Check(new BulkInput(Enumerable.Range(1, 201).Select(i => (long)i).ToList(), "assign"));
        Assert.Equal(["ids"], Fields(errors));
        Assert.Contains("At most 200", errors.ToDictionary()["ids"][0]);
    }

    [Fact]
    public void Check_RepeatedOrNonPositiveIds_AreRefused()
    {
        Assert.Contains("repeats", Check(new BulkInput([4, 4], "assign")).Errors.ToDictionary()["ids"][0]);
        Assert.Contains("positive", Check(new BulkInput([0, 4], "assign")).Errors.ToDictionary()["ids"][0]);
        Assert.Contains("positive", Check(new BulkInput([-3], "assign")).Errors.ToDictionary()["ids"][0]);
    }

    [Fact]
    public void Check_VersionsForClaimsNotInIds_OrNotPositive_AreRefused()
    {
        var (errors, _) = Check(new BulkInput([1], "assign", Versions: new Dictionary<long, long> { [1] = 0, [9] = 2 }));

        var messages = errors.ToDictionary()["versions"];
        Assert.Contains(messages, m => m.Contains("not in ids: 9", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("positive", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_VersionsRequired_EveryIdNeedsOne()
    {
        var missing = Check(new BulkInput([1, 2], "assign", Versions: new Dictionary<long, long> { [1] = 3 }), versionsRequired: true);
        var whole = Check(new BulkInput([1, 2], "assign", Versions: new Dictionary<long, long> { [1] = 3, [2] = 1 }), versionsRequired: true);

        Assert.Equal(["versions"], Fields(missing.Errors));
        Assert.True(whole.Errors.IsEmpty);
    }

    [Fact]
    public void Check_Move_NeedsADeskSlug()
    {
        Assert.Equal(["desk"], Fields(Check(new BulkInput([1], "move")).Errors));
        Assert.Equal(["desk"], Fields(Check(new BulkInput([1], "move", Desk: new string('d', 41))).Errors));
        Assert.Equal("sport", Check(new BulkInput([1], "move", Desk: " sport ")).Request!.Desk);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("critical")]
    [InlineData("URGENT")]
    public void Check_Priority_MustBeAKnownOne(string? priority) =>
        Assert.Equal(["priority"], Fields(Check(new BulkInput([1], "priority", Priority: priority)).Errors));

    [Fact]
    public void Check_Priority_Known_IsKept() =>
        Assert.Equal("urgent", Check(new BulkInput([1], "priority", Priority: "urgent")).Request!.Priority);

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Check_Review_NeedsOneNote(string? note) =>
        Assert.Equal(["note"], Fields(Check(new BulkInput([1], "review", Note: note)).Errors));

    [Fact]
    public void Check_Review_NoteTooLong_IsRefused() =>
        Assert.Equal(["note"], Fields(Check(new BulkInput([1], "review", Note: new string('n', TextRules.NoteMax + 1))).Errors));

    [Fact]
    public void Check_FieldsOtherActionsNeed_AreIgnored()
    {
        var (errors, request) = Check(new BulkInput([1], "review", Assignee: "x\u0001", Desk: "", Priority: "critical", Note: "Still checking."));

        Assert.True(errors.IsEmpty);
        Assert.Equal((null, null, null, "Still checking."), (request!.Assignee, request.Desk, request.Priority, request.Note));
    }

    [Fact]
    public void Check_EveryMistake_IsReportedAtOnce()
    {
        var (errors, _) = Check(new BulkInput([2, 2], "move", Versions: new Dictionary<long, long> { [8] = 1 }));

        Assert.Equal(["desk", "ids", "versions"], Fields(errors));
    }
}

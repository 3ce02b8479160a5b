using Switchyard.Patterns.Tests.Reference;

namespace Switchyard.Patterns.Tests.Recorded;

/// <summary>Every row of tests/recorded/event-patterns.json, each an answer recorded from AWS, through the library.</summary>
public class RecordedPatternAnswersTests
{
    public static TheoryData<RecordedPatternAnswers.Match> MatchRows => new(RecordedPatternAnswers.Matches());

    public static TheoryData<RecordedPatternAnswers.ErrorRow> ErrorRows => new(RecordedPatternAnswers.Errors());

    [Theory]
    [MemberData(nameof(MatchRows))]
    public void Pattern_matches_as_AWS_answered(RecordedPatternAnswers.Match row) =>
        MatchAssert.Matches(row.Pattern, row.Event, row.Result);

    [Theory]
    [MemberData(nameof(ErrorRows))]
    public void Pattern_is_refused_with_AWS_message(RecordedPatternAnswers.ErrorRow row)
    {
        var e = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse(row.Pattern));
        if (row.Message is not null) Assert.Equal(row.Message, e.Message);
        else Assert.Equal(InvalidEventPatternException.MessagePrefix + row.Reason, e.Message.Split('\n')[0]);
    }

    [Fact]
    public void The_table_has_rows() // a table that failed to load must not pass by being empty
    {
        Assert.True(RecordedPatternAnswers.Matches().Count() >= 30);
        Assert.True(RecordedPatternAnswers.Errors().Count() >= 36);
    }
}

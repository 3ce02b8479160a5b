using System.Globalization;

namespace Switchyard.Tests.Auth;

/// <summary>A clock the test sets by hand (Microsoft.Extensions.TimeProvider.Testing is not referenced).</summary>
internal sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public static FakeTimeProvider At(string amzDate) => new(ParseAmzDate(amzDate));

    public static DateTimeOffset ParseAmzDate(string amzDate) =>
        DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

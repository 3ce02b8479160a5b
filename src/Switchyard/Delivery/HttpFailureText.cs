namespace Switchyard.Delivery;

/// <summary>
/// The text of an HTTP failure for logs and dead-letter attributes. HttpClient's own message ("An error occurred
/// while sending the request.") says nothing; the cause (connection refused, reset, premature end) is in the inner
/// exceptions, so they are appended.
/// </summary>
public static class HttpFailureText
{
    public static string Describe(Exception error)
    {
        var text = error.Message;
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!text.Contains(inner.Message, StringComparison.Ordinal)) text += $" ({inner.Message})";
        }
        return text;
    }
}

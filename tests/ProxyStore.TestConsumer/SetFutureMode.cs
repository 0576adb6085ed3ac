namespace ProxyStore.TestConsumer;

/// <summary>
/// <c>set-future &lt;reference-file&gt; &lt;label&gt;</c>: the producer side of a future made in
/// another process. Turns the future's reference back into a future and sets a
/// <see cref="Payload"/> with this label as its value.
/// </summary>
public static class SetFutureMode
{
    /// <summary>Runs the mode; the exit code.</summary>
    public static int Run(string referenceFile, string label)
    {
        StoreFuture<IPayload> future = StoreFuture<IPayload>.FromReference(File.ReadAllBytes(referenceFile));
        future.SetResult(new Payload(label, [1, 2, 3]));
        Console.WriteLine($"set {future.Key}");
        return 0;
    }
}

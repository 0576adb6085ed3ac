namespace ProxyStore;

/// <summary>
/// Sending owned and borrowed references: the serializer asks here, for each proxy it writes,
/// which kind of reference the proxy is. Inside a serialization (<see cref="Enter"/> to <see cref="Leave"/>) the
/// references met are made invalid only when the whole object was written, so a failed put
/// leaves every reference as it was; outside one (a <see cref="ProxyJsonConverter{T}"/> in the
/// caller's own JSON) a reference is made invalid as it is written.
/// </summary>
internal static class ReferenceTransfer
{
    // Serialization is synchronous, so the references met belong to this thread's serialization.
    [ThreadStatic]
    private static List<ISendableReference>? s_pending;

    [ThreadStatic]
    private static int s_depth;

    /// <summary>The kind of reference <paramref name="proxy"/> is, or null for a plain proxy; checks it may be sent and enlists it.</summary>
    /// <exception cref="StoreReferenceException">It may not be sent.</exception>
    public static ReferenceKind? Send(object proxy)
    {
        if (Ownership.ReferenceOf(proxy) is not ISendableReference reference)
        {
            return null;
        }

        reference.CheckSendable();
        if (s_depth > 0)
        {
            (s_pending ??= []).Add(reference);
        }
        else
        {
            reference.MarkSent();
        }

        return reference.Kind;
    }

    /// <summary>Starts a serialization; end it with <see cref="Leave"/>, in a finally.</summary>
    /// <returns>The mark to hand to <see cref="Leave"/>.</returns>
    public static int Enter()
    {
        s_depth++;
        return s_pending?.Count ?? 0;
    }

    /// <summary>
    /// Ends a serialization. When the outermost one <paramref name="completed"/>, the references
    /// it met are sent; a failed one forgets what it met itself, so its references stay valid.
    /// </summary>
    /// <exception cref="StoreReferenceException">A reference became unsendable while the object was written.</exception>
    public static void Leave(int mark, bool completed)
    {
        s_depth--;
        List<ISendableReference>? pending = s_pending;
        if (!completed && pending is not null && pending.Count > mark)
        {
            pending.RemoveRange(mark, pending.Count - mark);
        }

        if (s_depth > 0 || pending is null)
        {
            return;
        }

        s_pending = null;
        if (completed)
        {
            foreach (ISendableReference reference in pending.Distinct())
            {
                reference.MarkSent();
            }
        }
    }
}

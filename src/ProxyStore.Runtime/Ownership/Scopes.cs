using System.Runtime.ExceptionServices;

namespace ProxyStore;

/// <summary>
/// Work that borrows (the .NET form of Python ProxyStore's <c>proxystore/store/scopes.py</c>):
/// hand borrows to work that runs elsewhere (a thread, a queue, another process) and have them
/// released when the work completes, whether it succeeds, fails or is cancelled, so their owner
/// can be disposed then.
/// </summary>
/// <remarks>
/// <para>Among the arguments and extra references, these are recognised; anything else is passed
/// on and left alone:</para>
/// <list type="bullet">
/// <item>a <see cref="Borrowed{T}"/> or <see cref="MutBorrowed{T}"/>, or the <c>Value</c> of one:
/// released when the work completes (the owner's counts drop, the borrow becomes invalid);</item>
/// <item>an <see cref="Owned{T}"/>: moved into the work, so disposed (its object evicted) when the
/// work completes;</item>
/// <item>an owner's <see cref="Owned{T}.Value"/>: a use of the owner, left alone (as Python leaves
/// an <c>OwnedProxy</c> argument alone);</item>
/// <item>a borrow received from another process: refused before the work starts, since its owner
/// is not in this process (Python's <c>RuntimeError</c>).</item>
/// </list>
/// <para>The returned task completes after the references are released. A failure of the work is
/// rethrown as it is; a failure to release after work that succeeded (an owner that is still
/// borrowed elsewhere) is the task's failure.</para>
/// </remarks>
public static class Scopes
{
    /// <summary>Starts <paramref name="submit"/> and releases <paramref name="references"/> when the task it returns completes.</summary>
    /// <param name="submit">Starts the work, for example <c>() =&gt; Task.Run(() =&gt; Sum(borrowed.Value))</c>.</param>
    /// <param name="references">The borrows (and owners) the work uses.</param>
    /// <returns>The work's result, after the references are released.</returns>
    /// <exception cref="InvalidOperationException">A reference is a borrow received from another process; nothing was started.</exception>
    public static Task<TResult> Submit<TResult>(Func<Task<TResult>> submit, [TakesOwnership] params object?[] references)
    {
        ArgumentNullException.ThrowIfNull(submit);
        ArgumentNullException.ThrowIfNull(references);
        return Run(submit, Collect(references, forMark: false));
    }

    /// <summary>Starts <paramref name="submit"/> and releases <paramref name="references"/> when the task it returns completes.</summary>
    /// <param name="submit">Starts the work.</param>
    /// <param name="references">The borrows (and owners) the work uses.</param>
    /// <exception cref="InvalidOperationException">A reference is a borrow received from another process; nothing was started.</exception>
    public static Task Submit(Func<Task> submit, [TakesOwnership] params object?[] references)
    {
        ArgumentNullException.ThrowIfNull(submit);
        return Submit(async () =>
        {
            await submit().ConfigureAwait(false);
            return true;
        }, references);
    }

    /// <summary>
    /// Calls <paramref name="work"/> with <paramref name="arg"/> and releases the references among
    /// <paramref name="arg"/> and <paramref name="alsoRelease"/> when it completes (Python's
    /// <c>submit(func, args=..., register_custom_refs=...)</c>).
    /// </summary>
    /// <param name="work">The work, for example <c>pool.SubmitAsync</c> or <c>b =&gt; Task.Run(() =&gt; Sum(b))</c>.</param>
    /// <param name="arg">Its argument; released if it is a borrow, disposed if it is an owner.</param>
    /// <param name="alsoRelease">References held inside the argument (in a message, a list) to release too.</param>
    /// <exception cref="InvalidOperationException">A reference is a borrow received from another process; nothing was started.</exception>
    public static Task<TResult> Submit<T1, TResult>(Func<T1, Task<TResult>> work, [TakesOwnership] T1 arg, IEnumerable<object?>? alsoRelease = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Run(() => work(arg), Collect([arg, .. alsoRelease ?? []], forMark: false));
    }

    /// <summary>As <see cref="Submit{T1, TResult}"/>, for work of two arguments.</summary>
    /// <exception cref="InvalidOperationException">A reference is a borrow received from another process; nothing was started.</exception>
    public static Task<TResult> Submit<T1, T2, TResult>(Func<T1, T2, Task<TResult>> work, [TakesOwnership] T1 arg1, [TakesOwnership] T2 arg2, IEnumerable<object?>? alsoRelease = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Run(() => work(arg1, arg2), Collect([arg1, arg2, .. alsoRelease ?? []], forMark: false));
    }

    /// <summary>
    /// Releases borrows now (Python's <c>mark_refs_out_of_scope</c>): each <see cref="Borrowed{T}"/>,
    /// <see cref="MutBorrowed{T}"/> or borrow's value given is released once, however often it is
    /// given; a <see cref="Borrowed{T}"/> or <see cref="MutBorrowed{T}"/> released already is skipped.
    /// </summary>
    /// <exception cref="InvalidOperationException">A reference is a borrow received from another process, whose owner is not here; nothing was released.</exception>
    /// <exception cref="ArgumentException">A value is not a borrow; nothing was released.</exception>
    public static void MarkOutOfScope(params object?[] references)
    {
        ArgumentNullException.ThrowIfNull(references);
        foreach (IDisposable borrow in Collect(references, forMark: true))
        {
            borrow.Dispose();
        }
    }

    private static async Task<TResult> Run<TResult>(Func<Task<TResult>> start, List<IDisposable> release)
    {
        TResult result = default!;
        ExceptionDispatchInfo? failure = null;
        try
        {
            result = await start().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }

        List<Exception>? errors = null;
        foreach (IDisposable reference in release)
        {
            try
            {
                reference.Dispose();
            }
            catch (Exception e)
            {
                (errors ??= []).Add(e);
            }
        }

        failure?.Throw();
        return errors switch
        {
            null => result,
            [Exception single] => throw single,
            _ => throw new AggregateException("The work succeeded, but some of its references could not be released.", errors),
        };
    }

    /// <summary>The references to release among <paramref name="values"/>, each once; checked whole before anything runs.</summary>
    private static List<IDisposable> Collect(IEnumerable<object?> values, bool forMark)
    {
        var found = new List<IDisposable>();
        int index = 0;
        foreach (object? value in values)
        {
            object? reference = value is ISendableReference ? value : Ownership.ReferenceOf(value);
            switch (reference)
            {
                case ReceivedReference { Kind: not ReferenceKind.Owned } received:
                    throw new InvalidOperationException(
                        $"The {ReceivedReference.Describe(received.Kind)} of '{received.Key}' in store '{received.StoreName}' (item {index}) was received from another process: " +
                        "its owner is not in this process, so it cannot be released here. Nothing was released.");
                case ISendableReference { Kind: not ReferenceKind.Owned } and IDisposable borrow:
                    found.Add(borrow);
                    break;
                case ISendableReference { Kind: ReferenceKind.Owned } and IDisposable owner when !forMark && ReferenceEquals(owner, value):
                    // The Owned<T> itself, not its value: moved into the work.
                    found.Add(owner);
                    break;
                default:
                    if (forMark)
                    {
                        throw new ArgumentException($"Item {index} ({value?.GetType().Name ?? "null"}) is not a borrow: only a Borrowed<T>, a MutBorrowed<T> or the value of one can go out of scope. Nothing was released.", nameof(values));
                    }

                    break;
            }

            index++;
        }

        return [.. found.Distinct()];
    }
}

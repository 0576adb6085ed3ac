using ProxyStore.Connectors;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Ownership;

/// <summary>
/// <see cref="Scopes"/>: borrows handed to work are released when the work completes, however it
/// completes (Python ProxyStore's tests/store/scopes_test.py, in our own tests). The run with a
/// real second process is in <see cref="OwnershipProcessTests"/>.
/// </summary>
public sealed class ScopesTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Store _store;

    public ScopesTests() => _store = new Store(UniqueNames.Store("scopes"), new FileConnector(_dir.Sub("store")), register: true);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private Owned<IPayload> NewOwned(string label, params byte[] data) => _store.OwnedProxy<IPayload>(new Payload(label, data));

    [Fact]
    public void MarkOutOfScope_releases_shared_and_mutable_borrows()
    {
        using Owned<IPayload> first = NewOwned("one");
        using Owned<IPayload> second = NewOwned("two");
        Borrowed<IPayload> a = first.Borrow();
        Borrowed<IPayload> b = first.Borrow();
        MutBorrowed<IPayload> c = second.MutBorrow();

        Scopes.MarkOutOfScope(a, b.Value, c);

        Assert.Throws<ReferenceInvalidException>(() => a.Value);
        Assert.Throws<ReferenceInvalidException>(() => b.Value);
        Assert.Throws<ReferenceInvalidException>(() => c.Value);
        // Mutable borrows would be refused if any earlier borrow were still counted.
        using MutBorrowed<IPayload> again1 = first.MutBorrow();
        using MutBorrowed<IPayload> again2 = second.MutBorrow();
    }

    [Fact]
    public void MarkOutOfScope_releases_a_borrow_given_twice_once()
    {
        using Owned<IPayload> owned = NewOwned("dup");
        Borrowed<IPayload> kept = owned.Borrow();
        Borrowed<IPayload> borrow = owned.Borrow();

        Scopes.MarkOutOfScope(borrow, borrow);
        Scopes.MarkOutOfScope(borrow);

        Assert.Throws<ReferenceInvalidException>(() => borrow.Value);
        Assert.Equal(1, owned.SharedBorrows);
        Assert.Equal("dup", kept.Value.Label);
        kept.Dispose();
    }

    [Fact]
    public void MarkOutOfScope_refuses_a_borrow_without_an_owner_here_and_releases_nothing()
    {
        using Owned<IPayload> owned = NewOwned("remote");
        using Borrowed<IPayload> local = owned.Borrow();
        using Borrowed<IPayload> sent = owned.Borrow();
        IPayload received = ProxyReference.Deserialize<IPayload>(ProxyReference.Serialize(sent.Value));

        var e = Assert.Throws<InvalidOperationException>(() => Scopes.MarkOutOfScope(local, received));
        Assert.Contains("owner", e.Message, StringComparison.Ordinal);
        Assert.Contains(owned.Key.ToString(), e.Message, StringComparison.Ordinal);
        Assert.False(local.IsReleased);
        Assert.Equal(2, owned.SharedBorrows);
    }

    [Fact]
    public void MarkOutOfScope_refuses_what_is_not_a_borrow()
    {
        using Owned<IPayload> owned = NewOwned("owner");
        using Borrowed<IPayload> borrow = owned.Borrow();
        var e = Assert.Throws<ArgumentException>(() => Scopes.MarkOutOfScope(borrow, owned.Value));
        Assert.Contains("Item 1", e.Message, StringComparison.Ordinal);
        Assert.False(borrow.IsReleased);
    }

    [Fact]
    public async Task Submit_releases_the_borrows_in_its_arguments_and_the_extra_ones_when_the_work_completes()
    {
        using Owned<IPayload> p1 = NewOwned("a", 2);
        using Owned<IPayload> p2 = NewOwned("b", 3);
        using Owned<IPayload> p3 = NewOwned("c", 7);
        Borrowed<IPayload> b1 = p1.Borrow();
        Borrowed<IPayload> b2 = p2.Borrow();
        Borrowed<IPayload> b3 = p3.Borrow();

        int sum = await Scopes.Submit(
            (x, y) => Task.FromResult(x.Data[0] + y.Data[0]),
            b1.Value,
            b2.Value,
            alsoRelease: [b3]);

        Assert.Equal(5, sum);
        foreach (Borrowed<IPayload> b in new[] { b1, b2, b3 })
        {
            Assert.Throws<ReferenceInvalidException>(() => b.Value);
        }

        Assert.Equal(0, p1.SharedBorrows + p2.SharedBorrows + p3.SharedBorrows);
    }

    [Fact]
    public async Task Submit_releases_only_once_the_work_has_completed()
    {
        using Owned<IPayload> owned = NewOwned("waiting");
        Borrowed<IPayload> borrow = owned.Borrow();
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<string> work = Scopes.Submit(() => gate.Task, borrow);
        Assert.False(borrow.IsReleased);
        Assert.Equal(1, owned.SharedBorrows);
        Assert.Throws<ReferenceInvalidException>(owned.Dispose);

        gate.SetResult("done");
        Assert.Equal("done", await work);
        Assert.True(borrow.IsReleased);
        owned.Dispose();
        Assert.False(_store.Exists(owned.Key));
    }

    [Fact]
    public async Task Submit_does_not_resolve_what_it_is_given()
    {
        using Owned<IPayload> owned = NewOwned("lazy");
        Borrowed<IPayload> borrow = owned.Borrow();
        IPayload borrowed = borrow.Value;
        Assert.False(Proxies.IsResolved(owned.Value));

        string result = await Scopes.Submit((o, b) => Task.FromResult("result"), owned.Value, borrowed);

        Assert.Equal("result", result);
        Assert.False(Proxies.IsResolved(owned.Value));
        Assert.False(Proxies.IsResolved(borrowed));
        Assert.True(borrow.IsReleased);
        Assert.False(owned.IsDisposed); // an owner's value is a use of it, not a move
    }

    [Fact]
    public async Task Submit_releases_when_the_work_fails_or_is_cancelled_or_throws_before_starting()
    {
        using Owned<IPayload> owned = NewOwned("failing");
        Borrowed<IPayload> failed = owned.Borrow();
        Borrowed<IPayload> cancelled = owned.Borrow();
        Borrowed<IPayload> early = owned.Borrow();

        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => Scopes.Submit<IPayload, int>(_ => Task.FromException<int>(new InvalidDataException("bad input")), failed.Value));
        Assert.Equal("bad input", failure.Message);

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Scopes.Submit(() => Task.Delay(Timeout.Infinite, cts.Token), cancelled));

        await Assert.ThrowsAsync<NotSupportedException>(() => Scopes.Submit<int>(() => throw new NotSupportedException("no executor"), early));

        Assert.True(failed.IsReleased);
        Assert.True(cancelled.IsReleased);
        Assert.True(early.IsReleased);
        Assert.Equal(0, owned.SharedBorrows);
    }

    [Fact]
    public async Task Submit_moves_an_owner_into_the_work_and_disposes_it_after()
    {
        Owned<IPayload> owned = NewOwned("moved");
        string label = await Scopes.Submit(o => Task.FromResult(o.Value.Label), owned);

        Assert.Equal("moved", label);
        Assert.True(owned.IsDisposed);
        Assert.False(_store.Exists(owned.Key));
    }

    [Fact]
    public async Task Submit_fails_after_successful_work_when_a_moved_owner_is_still_borrowed()
    {
        Owned<IPayload> owned = NewOwned("still borrowed");
        Borrowed<IPayload> outside = owned.Borrow();

        var e = await Assert.ThrowsAsync<ReferenceInvalidException>(() => Scopes.Submit(o => Task.FromResult(0), owned));
        Assert.Equal(owned.Key, e.Key);
        Assert.False(owned.IsDisposed);

        outside.Dispose();
        owned.Dispose();
    }

    [Fact]
    public async Task Submit_refuses_a_borrow_received_from_another_process_before_starting()
    {
        using Owned<IPayload> owned = NewOwned("received");
        using Borrowed<IPayload> sent = owned.Borrow();
        IPayload received = ProxyReference.Deserialize<IPayload>(ProxyReference.Serialize(sent.Value));
        bool started = false;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Scopes.Submit(r =>
        {
            started = true;
            return Task.FromResult(0);
        }, received));

        Assert.False(started);
    }

    [Fact]
    public async Task Submit_leaves_values_that_are_not_references_alone()
    {
        using var stream = new MemoryStream([1, 2, 3]);
        long length = await Scopes.Submit(s => Task.FromResult(s.Length), stream, alsoRelease: [null, "text", 42]);
        Assert.Equal(3, length);
        Assert.True(stream.CanRead); // not disposed: it is not an ownership reference
    }
}

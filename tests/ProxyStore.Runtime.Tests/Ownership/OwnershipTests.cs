using ProxyStore.Connectors;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Support;
// The static class, not this folder's namespace, which hides it here.
using OwnershipApi = ProxyStore.Ownership;

namespace ProxyStore.Tests.Ownership;

/// <summary>
/// Owners and borrows (<see cref="Owned{T}"/>, <see cref="Borrowed{T}"/>, <see cref="MutBorrowed{T}"/>):
/// the behaviour of Python ProxyStore's <c>tests/store/ref_test.py</c>, in our own tests.
/// </summary>
public sealed class OwnershipTests : IDisposable
{
    private readonly Store _store = new(UniqueNames.Store("ownership"), new LocalConnector(), register: true);

    public void Dispose() => _store.Dispose();

    private static Payload NewPayload(string label = "owned") => new(label, [1, 2, 3]);

    [Fact]
    public void Disposing_the_owner_evicts_its_object_and_a_second_dispose_does_nothing()
    {
        Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        Assert.Equal("owned", owned.Value.Label);
        Assert.True(Proxies.IsProxy(owned.Value));
        Assert.True(_store.Exists(owned.Key));

        owned.Dispose();
        Assert.False(_store.Exists(owned.Key));
        Assert.True(owned.IsDisposed);
        owned.Dispose();
    }

    [Fact]
    public async Task Disposing_the_owner_asynchronously_evicts_its_object()
    {
        Owned<IPayload> owned = await _store.OwnedProxyAsync<IPayload>(NewPayload());
        Assert.True(_store.Exists(owned.Key));
        await owned.DisposeAsync();
        await owned.DisposeAsync();
        Assert.False(_store.Exists(owned.Key));
    }

    [Fact]
    public void Any_number_of_shared_borrows_live_at_once_and_see_the_object()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        Borrowed<IPayload>[] borrows = [owned.Borrow(), owned.Borrow(), OwnershipApi.Borrow(owned.Value)];
        Assert.Equal(3, owned.SharedBorrows);
        Assert.All(borrows, b => Assert.Equal("owned", b.Value.Label));
        Assert.All(borrows, b => Assert.Equal(owned.Key, Proxies.GetKey(b.Value)));

        foreach (Borrowed<IPayload> borrow in borrows)
        {
            borrow.Dispose();
            borrow.Dispose();
        }

        Assert.Equal(0, owned.SharedBorrows);
    }

    [Fact]
    public void A_mutable_borrow_is_alone_and_a_released_one_makes_room()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        using (MutBorrowed<IPayload> writer = owned.MutBorrow())
        {
            Assert.True(owned.IsMutablyBorrowed);
            Assert.Equal("owned", writer.Value.Label);
        }

        Assert.False(owned.IsMutablyBorrowed);
        using Borrowed<IPayload> reader = owned.Borrow();
        Assert.Equal(1, owned.SharedBorrows);
    }

    [Fact]
    public void A_second_mutable_borrow_is_refused_naming_key_and_store()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        using MutBorrowed<IPayload> writer = owned.MutBorrow();

        var e = Assert.Throws<MutableBorrowException>(() => owned.MutBorrow());
        AssertNames(e.Message, e.Key, e.StoreName, owned);
        Assert.Throws<MutableBorrowException>(() => OwnershipApi.MutBorrow(owned.Value));
    }

    [Fact]
    public void A_shared_borrow_beside_a_mutable_one_is_refused()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        using MutBorrowed<IPayload> writer = owned.MutBorrow();

        var e = Assert.Throws<MutableBorrowException>(() => owned.Borrow());
        AssertNames(e.Message, e.Key, e.StoreName, owned);
        Assert.Equal(0, owned.SharedBorrows);
    }

    [Fact]
    public void A_mutable_borrow_beside_shared_ones_is_refused()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        using Borrowed<IPayload> reader = owned.Borrow();

        var e = Assert.Throws<MutableBorrowException>(() => owned.MutBorrow());
        AssertNames(e.Message, e.Key, e.StoreName, owned);
        Assert.False(owned.IsMutablyBorrowed);
    }

    [Fact]
    public void Disposing_a_borrowed_owner_is_refused_and_leaves_it_valid()
    {
        Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        Borrowed<IPayload> reader = owned.Borrow();

        var e = Assert.Throws<ReferenceInvalidException>(owned.Dispose);
        AssertNames(e.Message, e.Key, e.StoreName, owned);
        Assert.False(owned.IsDisposed);
        Assert.True(_store.Exists(owned.Key));
        Assert.Equal("owned", owned.Value.Label);

        reader.Dispose();
        owned.Dispose();
        Assert.False(_store.Exists(owned.Key));
    }

    [Fact]
    public async Task Disposing_a_mutably_borrowed_owner_asynchronously_is_refused()
    {
        Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        MutBorrowed<IPayload> writer = owned.MutBorrow();
        await Assert.ThrowsAsync<ReferenceInvalidException>(async () => await owned.DisposeAsync());
        await writer.DisposeAsync();
        await owned.DisposeAsync();
        Assert.False(_store.Exists(owned.Key));
    }

    [Fact]
    public void Using_an_owner_after_disposal_or_a_borrow_after_release_is_invalid()
    {
        Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        Borrowed<IPayload> reader = owned.Borrow();
        MutBorrowed<IPayload>? writer = null;
        reader.Dispose();
        var released = Assert.Throws<ReferenceInvalidException>(() => reader.Value);
        AssertNames(released.Message, released.Key, released.StoreName, owned);

        writer = owned.MutBorrow();
        writer.Dispose();
        Assert.Throws<ReferenceInvalidException>(() => writer.Value);
        Assert.Throws<ReferenceInvalidException>(writer.Update);

        owned.Dispose();
        var disposed = Assert.Throws<ReferenceInvalidException>(() => owned.Value);
        AssertNames(disposed.Message, disposed.Key, disposed.StoreName, owned);
        Assert.Throws<ReferenceInvalidException>(() => owned.Borrow());
        Assert.Throws<ReferenceInvalidException>(() => owned.MutBorrow());
        Assert.Throws<ReferenceInvalidException>(owned.Update);
        Assert.Throws<ReferenceInvalidException>(() => owned.Clone());
    }

    [Fact]
    public void Ownership_operations_on_a_proxy_that_is_not_an_owners_value_are_refused()
    {
        IPayload plain = _store.Proxy<IPayload>(NewPayload());
        var e = Assert.Throws<ReferenceNotOwnedException>(() => OwnershipApi.Borrow(plain));
        Assert.Equal(Proxies.GetKey(plain), e.Key);
        Assert.Equal(_store.Name, e.StoreName);
        Assert.Contains(_store.Name, e.Message, StringComparison.Ordinal);
        Assert.Throws<ReferenceNotOwnedException>(() => OwnershipApi.MutBorrow(plain));
        Assert.Throws<ReferenceNotOwnedException>(() => OwnershipApi.Update(plain));

        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        using Borrowed<IPayload> reader = owned.Borrow();
        // A shared borrow cannot write, and cannot lend what it does not own.
        Assert.Throws<ReferenceNotOwnedException>(() => OwnershipApi.Update(reader.Value));
        Assert.Throws<ReferenceNotOwnedException>(() => OwnershipApi.Borrow(reader.Value));
        Assert.Throws<ReferenceNotOwnedException>(() => OwnershipApi.MutBorrow(reader.Value));
        Assert.True(OwnershipApi.IsOwned(owned.Value));
        Assert.False(OwnershipApi.IsOwned(reader.Value));
        Assert.False(OwnershipApi.IsOwned(plain));
    }

    [Fact]
    public void A_clone_has_its_own_key_and_its_own_value()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload("original"));
        using Owned<IPayload> copy = owned.Clone();

        Assert.NotEqual(owned.Key, copy.Key);
        Assert.Equal("original", copy.Value.Label);
        Assert.NotSame(Proxies.Extract(owned.Value), Proxies.Extract(copy.Value));
        owned.Value.Data[0] = 42;
        Assert.Equal(1, copy.Value.Data[0]);

        owned.Dispose();
        Assert.True(_store.Exists(copy.Key));
        copy.Dispose();
        Assert.False(_store.Exists(copy.Key));
    }

    [Fact]
    public void IntoOwned_makes_a_plain_proxy_the_owner_of_its_object()
    {
        IPayload plain = _store.Proxy<IPayload>(NewPayload("plain"), evict: true, populateTarget: false);
        StoreKey key = Proxies.GetKey(plain);

        Owned<IPayload> owned = OwnershipApi.IntoOwned(plain);
        Assert.Equal(key, owned.Key);
        Assert.Equal("plain", owned.Value.Label);
        // The owner's proxy never evicts on resolve: the owner decides when the object goes.
        Assert.True(_store.Exists(key));
        Assert.False(((IStoreFactory)Proxies.GetFactory(owned.Value)).Evict);

        Assert.Throws<ArgumentException>(() => OwnershipApi.IntoOwned(owned.Value));
        owned.Dispose();
        Assert.False(_store.Exists(key));
    }

    [Fact]
    public void IntoOwned_refuses_what_is_not_a_store_proxy()
    {
        Assert.Throws<ArgumentException>(() => OwnershipApi.IntoOwned<IPayload>(NewPayload()));
    }

    [Fact]
    public void An_owner_update_writes_the_mutated_target_back_under_the_same_key()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        owned.Value.Data[0] = 99;
        owned.Update();

        Assert.Equal(99, ReadBack(owned.Key).Data[0]);
    }

    [Fact]
    public void A_mutable_borrow_update_writes_back_and_an_owner_update_while_borrowed_is_refused()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload(), populateTarget: false);
        using (MutBorrowed<IPayload> writer = owned.MutBorrow())
        {
            Assert.Throws<MutableBorrowException>(owned.Update);
            writer.Value.Data[1] = 77;
            OwnershipApi.Update(writer.Value);
        }

        Assert.Equal(77, ReadBack(owned.Key).Data[1]);

        using Borrowed<IPayload> reader = owned.Borrow();
        Assert.Throws<MutableBorrowException>(owned.Update);
    }

    [Fact]
    public void Update_of_an_unresolved_value_writes_nothing()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload(), populateTarget: false);
        owned.Update();
        Assert.False(Proxies.IsResolved(owned.Value));
        Assert.Equal(1, ReadBack(owned.Key).Data[0]);
    }

    [Fact]
    public void Update_through_a_file_connector_writes_back()
    {
        using var directory = new TempDirectory();
        using var store = new Store(UniqueNames.Store("ownership-file"), new FileConnector(directory.Sub("store")), register: true);
        using Owned<IPayload> owned = store.OwnedProxy<IPayload>(NewPayload());
        owned.Value.Data[2] = 55;
        owned.Update();

        using var reader = new Store(UniqueNames.Store("ownership-file-reader"), new FileConnector(directory.Sub("store")));
        Assert.Equal(55, reader.Get<Payload>(owned.Key)!.Data[2]);
    }

    [Fact]
    public void Update_on_a_connector_that_cannot_set_is_not_supported_and_names_the_connector()
    {
        using var store = new Store(UniqueNames.Store("ownership-put-only"), new PutOnlyConnector(), register: true);
        using Owned<IPayload> owned = store.OwnedProxy<IPayload>(NewPayload());
        owned.Value.Data[0] = 5;

        var e = Assert.Throws<NotSupportedException>(owned.Update);
        Assert.Contains("PutOnlyConnector", e.Message, StringComparison.Ordinal);
        Assert.Contains(store.Name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_borrows_and_releases_leave_the_counts_consistent()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        int mutableTaken = 0;
        int refused = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                try
                {
                    if ((worker + i) % 7 == 0)
                    {
                        using MutBorrowed<IPayload> writer = owned.MutBorrow();
                        Interlocked.Increment(ref mutableTaken);
                        // Alone while it lives: no shared borrow may be counted beside it.
                        Assert.Equal(0, owned.SharedBorrows);
                    }
                    else
                    {
                        using Borrowed<IPayload> reader = owned.Borrow();
                        Assert.Equal("owned", reader.Value.Label);
                    }
                }
                catch (MutableBorrowException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })));

        Assert.Equal(0, owned.SharedBorrows);
        Assert.False(owned.IsMutablyBorrowed);
        Assert.True(mutableTaken + refused > 0);
        owned.Dispose();
        Assert.False(_store.Exists(owned.Key));
    }

    [Fact]
    public void An_owner_with_a_lifetime_is_evicted_when_the_lifetime_closes_and_its_disposal_after_is_harmless()
    {
        Owned<IPayload> owned;
        using (var scope = new ContextLifetime(_store))
        {
            owned = _store.OwnedProxy<IPayload>(NewPayload(), lifetime: scope);
            Assert.Equal("owned", owned.Value.Label);
        }

        Assert.False(_store.Exists(owned.Key));
        owned.Dispose();
        Assert.True(owned.IsDisposed);
    }

    [Fact]
    public async Task An_owner_disposed_before_its_lifetime_closes_is_evicted_at_once()
    {
        var scope = new ContextLifetime(_store);
        Owned<IPayload> owned = await _store.OwnedProxyAsync<IPayload>(NewPayload(), lifetime: scope);
        await owned.DisposeAsync();
        Assert.False(_store.Exists(owned.Key));
        await scope.CloseAsync();
        Assert.True(scope.IsDone);
    }

    [Fact]
    public async Task An_owner_given_a_closed_lifetime_or_another_stores_stores_nothing()
    {
        using var metered = new Store(UniqueNames.Store("ownership-metered"), new LocalConnector(), metrics: true, register: true);
        using var other = new Store(UniqueNames.Store("ownership-other"), new LocalConnector(), register: true);
        var closed = new ContextLifetime(metered);
        closed.Close();

        Assert.Throws<InvalidOperationException>(() => metered.OwnedProxy<IPayload>(NewPayload(), lifetime: closed));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await metered.OwnedProxyAsync<IPayload>(NewPayload(), lifetime: closed));
        var e = Assert.Throws<ArgumentException>(() => metered.OwnedProxy<IPayload>(NewPayload(), lifetime: new ContextLifetime(other)));
        Assert.Contains(other.Name, e.Message, StringComparison.Ordinal);
        Assert.Empty(metered.Metrics!.AggregateTimes());
    }

    [Fact]
    public void A_proxy_cannot_both_evict_on_resolve_and_have_a_lifetime()
    {
        using var metered = new Store(UniqueNames.Store("ownership-evict-lifetime"), new LocalConnector(), metrics: true, register: true);
        using var scope = new ContextLifetime(metered);
        var e = Assert.Throws<ArgumentException>(() => metered.Proxy<IPayload>(NewPayload(), evict: true, lifetime: scope));
        Assert.Contains("evict", e.Message, StringComparison.Ordinal);
        Assert.Contains(metered.Name, e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => metered.ProxyBatch<IPayload>([NewPayload()], evict: true, lifetime: scope));
        Assert.Empty(metered.Metrics!.AggregateTimes());
    }

    [Fact]
    public async Task UpdateAsync_writes_back_for_the_owner_and_for_a_mutable_borrow()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload(), populateTarget: true);
        owned.Value.Data[0] = 11;
        await owned.UpdateAsync();
        Assert.Equal(11, ReadBack(owned.Key).Data[0]);

        using (MutBorrowed<IPayload> writer = owned.MutBorrow())
        {
            await Assert.ThrowsAsync<MutableBorrowException>(async () => await owned.UpdateAsync());
            writer.Value.Data[1] = 22;
            await writer.UpdateAsync();
        }

        Assert.Equal(22, ReadBack(owned.Key).Data[1]);
        owned.Value.Data[2] = 33;
        await OwnershipApi.UpdateAsync(owned.Value);
        Assert.Equal(33, ReadBack(owned.Key).Data[2]);
    }

    [Fact]
    public async Task UpdateAsync_after_disposal_or_release_is_invalid_and_a_cancelled_one_changes_nothing()
    {
        Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload(), populateTarget: true);
        MutBorrowed<IPayload> writer = owned.MutBorrow();
        writer.Dispose();
        await Assert.ThrowsAsync<ReferenceInvalidException>(async () => await writer.UpdateAsync());

        owned.Value.Data[0] = 9;
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await owned.UpdateAsync(cts.Token));
        Assert.Equal(1, ReadBack(owned.Key).Data[0]);
        // A cancelled update ends: the owner can be borrowed and disposed again.
        owned.Borrow().Dispose();

        owned.Dispose();
        await Assert.ThrowsAsync<ReferenceInvalidException>(async () => await owned.UpdateAsync());
    }

    [Fact]
    public void A_borrow_does_not_resolve_the_owner_or_itself()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload(), populateTarget: false);
        Assert.False(Proxies.IsResolved(owned.Value));
        using (Borrowed<IPayload> reader = owned.Borrow())
        {
            Assert.False(Proxies.IsResolved(owned.Value));
            Assert.False(Proxies.IsResolved(reader.Value));
            Assert.Equal("owned", reader.Value.Label);
        }

        using MutBorrowed<IPayload> writer = owned.MutBorrow();
        Assert.False(Proxies.IsResolved(owned.Value));
        Assert.False(Proxies.IsResolved(writer.Value));
        Assert.Equal("owned", writer.Value.Label);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_borrow_of_a_resolved_owner_starts_resolved_only_when_asked(bool populate)
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload(), populateTarget: true);
        Assert.True(Proxies.IsResolved(owned.Value));
        using (Borrowed<IPayload> reader = owned.Borrow(populate))
        {
            Assert.Equal(populate, Proxies.IsResolved(reader.Value));
        }

        using MutBorrowed<IPayload> writer = OwnershipApi.MutBorrow(owned.Value, populate);
        Assert.Equal(populate, Proxies.IsResolved(writer.Value));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IntoOwned_of_a_resolved_proxy_starts_resolved_only_when_asked(bool populate)
    {
        IPayload plain = _store.Proxy<IPayload>(NewPayload(), populateTarget: true);
        using Owned<IPayload> owned = OwnershipApi.IntoOwned(plain, populate);
        Assert.Equal(populate, Proxies.IsResolved(owned.Value));

        IPayload lazy = _store.Proxy<IPayload>(NewPayload(), populateTarget: false);
        using Owned<IPayload> lazyOwned = OwnershipApi.IntoOwned(lazy, populate);
        Assert.False(Proxies.IsResolved(lazy));
        Assert.False(Proxies.IsResolved(lazyOwned.Value));
    }

    [Fact]
    public async Task Concurrent_updates_borrows_and_sends_keep_the_counts_and_the_object_consistent()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload(), populateTarget: true);
        int updates = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (int i = 0; i < 100; i++)
            {
                try
                {
                    switch ((worker + i) % 3)
                    {
                        case 0:
                            await owned.UpdateAsync();
                            Interlocked.Increment(ref updates);
                            break;
                        case 1:
                            using (Borrowed<IPayload> reader = owned.Borrow())
                            {
                                // A borrow never sees the owner updating or mutably borrowed.
                                Assert.False(owned.IsMutablyBorrowed);
                                Assert.Equal("owned", reader.Value.Label);
                            }

                            break;
                        default:
                            using (MutBorrowed<IPayload> writer = owned.MutBorrow())
                            {
                                Assert.Equal(0, owned.SharedBorrows);
                                writer.Update();
                            }

                            break;
                    }
                }
                catch (MutableBorrowException)
                {
                    // Refused while another borrow or update held the owner: the rule working.
                }
            }
        })));

        Assert.Equal(0, owned.SharedBorrows);
        Assert.False(owned.IsMutablyBorrowed);
        Assert.Equal("owned", ReadBack(owned.Key).Label);
        owned.Dispose();
        Assert.False(_store.Exists(owned.Key));
    }

    private Payload ReadBack(StoreKey key)
    {
        // An update drops the key from the store's cache, so this deserializes what the connector
        // holds: a new instance, not the mutated local target.
        Payload stored = _store.Get<Payload>(key)!;
        return stored;
    }

    private static void AssertNames(string message, StoreKey key, string storeName, Owned<IPayload> owned)
    {
        Assert.Equal(owned.Key, key);
        Assert.Equal(owned.Store.Name, storeName);
        Assert.Contains(owned.Key.ToString(), message, StringComparison.Ordinal);
        Assert.Contains(owned.Store.Name, message, StringComparison.Ordinal);
    }
}

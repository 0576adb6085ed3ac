using ProxyStore.Connectors;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Support;
using OwnershipApi = ProxyStore.Ownership;

namespace ProxyStore.Tests.Ownership;

/// <summary>
/// Owned and borrowed references serialized (Python's ref_test.py pickle tests): the sender's
/// copy becomes invalid, the reference keeps its kind in the receiver, and a failed
/// serialization leaves every reference as it was. The second process is in
/// <see cref="OwnershipProcessTests"/>; here the receiver is this process reading the bytes back.
/// </summary>
public sealed class OwnershipTransferTests : IDisposable
{
    private readonly Store _store = new(UniqueNames.Store("ownership-send"), new LocalConnector(), register: true);

    public void Dispose() => _store.Dispose();

    private static Payload NewPayload(string label = "sent") => new(label, [1, 2, 3]);

    [Fact]
    public void Sending_an_owner_moves_ownership_to_the_receiver()
    {
        Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        byte[] reference = ProxyReference.Serialize(owned.Value);

        Assert.True(owned.IsSent);
        var invalid = Assert.Throws<ReferenceInvalidException>(() => owned.Value);
        Assert.Contains("sent to another process", invalid.Message, StringComparison.Ordinal);
        Assert.Equal(owned.Key, invalid.Key);
        Assert.Throws<ReferenceInvalidException>(() => owned.Borrow());
        Assert.Throws<ReferenceInvalidException>(owned.Update);

        // The sender's disposal no longer evicts: the object belongs to the receiver now.
        owned.Dispose();
        Assert.True(_store.Exists(owned.Key));

        IPayload received = ProxyReference.Deserialize<IPayload>(reference);
        Assert.True(OwnershipApi.IsReceivedOwner(received));
        Assert.False(OwnershipApi.IsOwned(received));
        var notYet = Assert.Throws<ReferenceNotOwnedException>(() => OwnershipApi.Borrow(received));
        Assert.Contains("IntoOwned", notYet.Message, StringComparison.Ordinal);

        Owned<IPayload> mine = OwnershipApi.IntoOwned(received);
        Assert.Equal("sent", mine.Value.Label);
        Assert.False(OwnershipApi.IsReceivedOwner(received));
        Assert.Throws<ReferenceInvalidException>(() => OwnershipApi.IntoOwned(received));
        mine.Dispose();
        Assert.False(_store.Exists(owned.Key));
    }

    [Fact]
    public void A_received_owner_sent_on_moves_again()
    {
        Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        IPayload middle = ProxyReference.Deserialize<IPayload>(ProxyReference.Serialize(owned.Value));
        byte[] onward = ProxyReference.Serialize(middle);

        var gone = Assert.Throws<ReferenceInvalidException>(() => OwnershipApi.IntoOwned(middle));
        Assert.Contains("sent on", gone.Message, StringComparison.Ordinal);
        Assert.Throws<ReferenceInvalidException>(() => ProxyReference.Serialize(middle));

        using Owned<IPayload> last = OwnershipApi.IntoOwned(ProxyReference.Deserialize<IPayload>(onward));
        Assert.Equal("sent", last.Value.Label);
        last.Dispose();
        Assert.False(_store.Exists(owned.Key));
    }

    [Fact]
    public void Sending_a_borrow_makes_it_invalid_here_but_it_still_counts_until_released()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        Borrowed<IPayload> borrow = owned.Borrow();
        StoreKey jobKey = _store.Put(new PayloadJob("job", borrow.Value));

        Assert.True(borrow.IsSent);
        var invalid = Assert.Throws<ReferenceInvalidException>(() => borrow.Value);
        Assert.Contains("sent to another process", invalid.Message, StringComparison.Ordinal);
        Assert.Contains(_store.Name, invalid.Message, StringComparison.Ordinal);
        Assert.Equal(1, owned.SharedBorrows);
        Assert.Throws<ReferenceInvalidException>(owned.Dispose);
        Assert.Throws<ReferenceInvalidException>(() => ProxyReference.Serialize(borrow.Value));

        PayloadJob job = _store.Get<PayloadJob>(jobKey)!;
        Assert.Equal("sent", job.Input.Label);
        Assert.True(OwnershipApi.IsBorrowed(job.Input));
        Assert.Throws<ArgumentException>(() => OwnershipApi.IntoOwned(job.Input));
        Assert.Throws<ReferenceNotOwnedException>(() => OwnershipApi.Update(job.Input));

        // Releasing the received copy is not possible here: its owner is the sender's.
        Assert.Throws<InvalidOperationException>(() => Scopes.MarkOutOfScope(job.Input));

        borrow.Dispose();
        Assert.Equal(0, owned.SharedBorrows);
    }

    [Fact]
    public void A_received_mutable_borrow_may_update_the_object()
    {
        using var store = new Store(UniqueNames.Store("ownership-send-mut"), new LocalConnector(), populateTarget: false, register: true);
        using Owned<IPayload> owned = store.OwnedProxy<IPayload>(NewPayload());
        MutBorrowed<IPayload> writer = owned.MutBorrow();
        byte[] reference = ProxyReference.Serialize(writer.Value);
        Assert.Throws<ReferenceInvalidException>(writer.Update);
        Assert.True(writer.IsSent);
        Assert.True(owned.IsMutablyBorrowed); // still counted until the sender releases it

        IPayload received = ProxyReference.Deserialize<IPayload>(reference);
        Assert.True(OwnershipApi.IsBorrowed(received));
        received.Data[0] = 42;
        OwnershipApi.Update(received);
        writer.Dispose();

        Assert.Equal(42, store.Get<Payload>(owned.Key)!.Data[0]);
    }

    [Fact]
    public async Task A_received_mutable_borrow_may_update_asynchronously()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload(), populateTarget: false);
        using MutBorrowed<IPayload> writer = owned.MutBorrow();
        IPayload received = ProxyReference.Deserialize<IPayload>(ProxyReference.Serialize(writer.Value));
        received.Data[1] = 43;
        await OwnershipApi.UpdateAsync(received);
        Assert.Equal(43, (await _store.GetAsync<Payload>(owned.Key))!.Data[1]);
    }

    [Fact]
    public void An_owner_that_is_borrowed_cannot_be_sent_and_stays_valid()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        using Borrowed<IPayload> reader = owned.Borrow();

        var e = Assert.Throws<MutableBorrowException>(() => _store.Put(new PayloadJob("job", owned.Value)));
        Assert.Equal(owned.Key, e.Key);
        Assert.Contains("sent", e.Message, StringComparison.Ordinal);
        Assert.False(owned.IsSent);
        Assert.Equal("sent", owned.Value.Label);
    }

    [Fact]
    public void A_put_that_fails_after_writing_a_borrow_leaves_the_borrow_valid()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        using Borrowed<IPayload> reader = owned.Borrow();

        // The list is written in order: the borrow first, then an element that cannot be stored.
        Assert.Throws<ProxyStore.Serialization.StoreSerializationException>(() => _store.Put(new List<object> { reader.Value, new Unstorable() }));

        Assert.False(reader.IsSent);
        Assert.Equal("sent", reader.Value.Label);
    }

    [Fact]
    public void A_batch_with_one_object_that_cannot_be_stored_sends_none_of_the_references()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        using Borrowed<IPayload> reader = owned.Borrow();

        Assert.Throws<ProxyStore.Serialization.StoreSerializationException>(() => _store.PutBatch(new object[] { new PayloadJob("first", reader.Value), new Unstorable() }));

        Assert.False(reader.IsSent);
        Assert.Equal("sent", reader.Value.Label);
        _store.PutBatch(new object[] { new PayloadJob("first", reader.Value) });
        Assert.True(reader.IsSent);
    }

    [Fact]
    public async Task Of_many_threads_sending_one_owner_or_one_borrow_exactly_one_succeeds()
    {
        Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        Owned<IPayload> lender = _store.OwnedProxy<IPayload>(NewPayload("lender"));
        using Borrowed<IPayload> borrow = lender.Borrow();
        foreach (IPayload value in new[] { owned.Value, borrow.Value })
        {
            int sent = 0;
            int refused = 0;
            using var start = new Barrier(8);
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                try
                {
                    _store.Put(new PayloadJob("race", value));
                    Interlocked.Increment(ref sent);
                }
                catch (ReferenceInvalidException)
                {
                    Interlocked.Increment(ref refused);
                }
            })));

            Assert.Equal(1, sent);
            Assert.Equal(7, refused);
        }

        Assert.True(owned.IsSent);
        Assert.True(borrow.IsSent);
        Assert.Equal(1, lender.SharedBorrows);
    }

    [Fact]
    public void A_ProxyJsonConverter_in_the_callers_own_json_sends_the_reference_as_it_writes()
    {
        using Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        Borrowed<IPayload> borrow = owned.Borrow();
        var options = new System.Text.Json.JsonSerializerOptions { Converters = { new ProxyJsonConverter<IPayload>() } };

        string json = System.Text.Json.JsonSerializer.Serialize(borrow.Value, options);

        Assert.Contains("\"rk\":\"ref\"", json, StringComparison.Ordinal);
        Assert.Throws<ReferenceInvalidException>(() => borrow.Value);
        IPayload received = System.Text.Json.JsonSerializer.Deserialize<IPayload>(json, options)!;
        Assert.True(OwnershipApi.IsBorrowed(received));
        Assert.Equal("sent", received.Label);
        borrow.Dispose();
    }

    [Fact]
    public void A_released_borrow_or_a_disposed_owner_cannot_be_sent()
    {
        Owned<IPayload> owned = _store.OwnedProxy<IPayload>(NewPayload());
        Borrowed<IPayload> reader = owned.Borrow();
        IPayload value = reader.Value;
        reader.Dispose();

        // Its value is a plain proxy again once released: sent as one, with no kind.
        IPayload plain = ProxyReference.Deserialize<IPayload>(ProxyReference.Serialize(value));
        Assert.False(OwnershipApi.IsBorrowed(plain));

        IPayload ownerValue = owned.Value;
        owned.Dispose();
        IPayload afterDispose = ProxyReference.Deserialize<IPayload>(ProxyReference.Serialize(ownerValue));
        Assert.False(OwnershipApi.IsReceivedOwner(afterDispose));
    }

    [Fact]
    public void A_plain_proxy_travels_without_a_kind()
    {
        IPayload proxy = _store.Proxy<IPayload>(NewPayload());
        byte[] reference = ProxyReference.Serialize(proxy);
        Assert.DoesNotContain("\"rk\"", System.Text.Encoding.UTF8.GetString(reference), StringComparison.Ordinal);
        IPayload received = ProxyReference.Deserialize<IPayload>(reference);
        Assert.False(OwnershipApi.IsBorrowed(received));
        Assert.False(OwnershipApi.IsReceivedOwner(received));
        Assert.Equal("sent", proxy.Label);
    }

    [Fact]
    public void A_reference_with_an_unknown_kind_is_refused()
    {
        IPayload proxy = _store.Proxy<IPayload>(NewPayload());
        string json = System.Text.Encoding.UTF8.GetString(ProxyReference.Serialize(proxy));
        byte[] bad = System.Text.Encoding.UTF8.GetBytes(json.Insert(1, "\"rk\":\"stolen\","));
        var e = Assert.Throws<System.Text.Json.JsonException>(() => ProxyReference.Deserialize<IPayload>(bad));
        Assert.Contains("stolen", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Has a field that JSON never writes, so the default serializer refuses it.</summary>
    private sealed class Unstorable
    {
#pragma warning disable CS0414 // only there to be refused
        private readonly int _hidden = 1;
#pragma warning restore CS0414
    }
}

using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Ownership;

/// <summary>
/// Owned and borrowed references crossing into a real second process (a TestConsumer), over
/// Redis and files: an owner sent moves, and the receiver's disposal evicts; a borrow sent is
/// invalid in the sender and read-only (shared) or writable (mutable) in the receiver; and
/// <see cref="Scopes"/> releases a borrow when the work in the other process completes.
/// </summary>
public sealed class OwnershipProcessTests : IDisposable
{
    private const string Consumer = "ProxyStore.TestConsumer.dll";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("redis")]
    [InlineData("file")]
    public void An_owner_sent_to_another_process_is_owned_and_evicted_there(string kind)
    {
        using Store store = NewStore(kind);
        var payload = new Payload("moved", [4, 5, 6]);
        Owned<IPayload> owned = store.OwnedProxy<IPayload>(payload);
        string referenceFile = _dir.Sub("owner.json");
        File.WriteAllBytes(referenceFile, ProxyReference.Serialize(owned.Value));

        // The sender's copy is invalid and no longer evicts.
        Assert.Throws<ReferenceInvalidException>(() => owned.Value);
        owned.Dispose();
        Assert.True(store.Exists(owned.Key));

        OwnershipReport report = Run("take-owner", referenceFile);

        Assert.True(report.ReceivedOwner);
        Assert.Equal("moved", report.Label);
        Assert.Equal(payload.Checksum(), report.Checksum);
        Assert.StartsWith(nameof(ReferenceInvalidException), report.SecondTakeOrIntoOwnedError, StringComparison.Ordinal);
        Assert.False(report.ExistsAfter);
        Assert.False(store.Exists(owned.Key));
    }

    [Fact]
    public void A_shared_borrow_sent_over_redis_reads_there_and_is_invalid_here()
    {
        using Store store = NewStore("redis");
        using Owned<IPayload> owned = store.OwnedProxy<IPayload>(new Payload("shared", [1, 2, 3]));
        Borrowed<IPayload> borrow = owned.Borrow();
        StoreKey job = store.Put(new PayloadJob("read", borrow.Value));

        var invalid = Assert.Throws<ReferenceInvalidException>(() => borrow.Value);
        Assert.Equal(owned.Key, invalid.Key);
        Assert.Equal(store.Name, invalid.StoreName);

        OwnershipReport report = Run("use-borrow", ConfigFile(store), JsonSerializer.Serialize(job), "99");

        Assert.Equal("shared", report.Label);
        Assert.True(report.Borrowed);
        Assert.False(report.ReceivedOwner);
        Assert.StartsWith(nameof(ArgumentException), report.SecondTakeOrIntoOwnedError, StringComparison.Ordinal);
        Assert.StartsWith(nameof(ReferenceNotOwnedException), report.UpdateError, StringComparison.Ordinal);
        Assert.True(report.ExistsAfter);

        // The borrow still counts here until released; then the owner may go.
        Assert.Throws<ReferenceInvalidException>(owned.Dispose);
        borrow.Dispose();
        owned.Dispose();
        Assert.False(store.Exists(owned.Key));
    }

    [Fact]
    public void A_mutable_borrow_sent_over_redis_updates_the_object_there()
    {
        using Store store = NewStore("redis");
        using Owned<IPayload> owned = store.OwnedProxy<IPayload>(new Payload("mutable", [1, 2, 3]));
        StoreKey job;
        using (MutBorrowed<IPayload> writer = owned.MutBorrow())
        {
            job = store.Put(new PayloadJob("write", writer.Value));
            Assert.Throws<ReferenceInvalidException>(writer.Update);

            OwnershipReport report = Run("use-borrow", ConfigFile(store), JsonSerializer.Serialize(job), "77");

            Assert.True(report.UpdateError.Length == 0, report.UpdateError);
            Assert.True(report.Borrowed);
        }

        // A store without a cache reads what Redis holds now.
        using Store reader = Store.FromConfig(store.ToConfig() with { Name = UniqueNames.Store("ownership-reader"), CacheSize = 0, Register = false });
        Assert.Equal(77, reader.Get<Payload>(owned.Key)!.Data[0]);
    }

    [Fact]
    public async Task Scopes_release_a_borrow_when_the_work_in_another_process_completes()
    {
        using Store store = NewStore("redis");
        Owned<IPayload> owned = store.OwnedProxy<IPayload>(new Payload("scoped", [8, 9]));
        Borrowed<IPayload> borrow = owned.Borrow();
        string config = ConfigFile(store);

        OwnershipReport report = await Scopes.Submit(
            input => Task.Run(() =>
            {
                StoreKey job = store.Put(new PayloadJob("scoped", input));
                return Run("use-borrow", config, JsonSerializer.Serialize(job), "-1");
            }),
            borrow.Value);

        Assert.Equal("scoped", report.Label);
        Assert.True(borrow.IsReleased);
        Assert.Equal(0, owned.SharedBorrows);
        owned.Dispose();
        Assert.False(store.Exists(owned.Key));
    }

    private Store NewStore(string kind) => new(
        UniqueNames.Store("ownership-process-" + kind),
        kind == "file" ? new FileConnector(_dir.Sub("store")) : RedisTestServer.NewConnector(),
        register: true);

    private string ConfigFile(Store store)
    {
        string path = _dir.Sub($"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(store.ToConfig()));
        return path;
    }

    private static OwnershipReport Run(params string[] arguments)
    {
        (int exit, string output, string error) = ChildProcess.RunDll(Consumer, arguments);
        Assert.True(exit == 0, $"The consumer exited with {exit}: {output}\n{error}");
        return JsonSerializer.Deserialize<OwnershipReport>(output.Trim())!;
    }
}

using ProxyStore.Generators.Tests.Infrastructure;

namespace ProxyStore.Generators.Tests;

/// <summary>
/// The generated sources checked with Microsoft.CodeAnalysis.CSharp.SourceGenerators.Testing, for
/// a few stable shapes: a plain interface, generic interfaces and a class with virtual members.
/// The expected text is the checked-in snapshot of the same case, so these tests and
/// <see cref="SnapshotTests"/> agree by construction; what this adds is the testing package's own
/// run of the generator (in a workspace project, as an IDE runs it) and its diagnostic checks:
/// none expected, so the generator reports none and its output compiles without a warning.
/// </summary>
public sealed class GeneratedSourceTests
{
    [Fact]
    public Task Simple_interface() =>
        ProxiableGeneratorTest.ForSnapshot(nameof(SnapshotTests.InterfaceMethods), SnapshotInputs.InterfaceMethods).RunAsync(CancellationToken.None);

    [Fact]
    public Task Generic_interfaces() =>
        ProxiableGeneratorTest.ForSnapshot(nameof(SnapshotTests.GenericInterface), SnapshotInputs.GenericInterface).RunAsync(CancellationToken.None);

    [Fact]
    public Task Class_with_virtual_members() =>
        ProxiableGeneratorTest.ForSnapshot(nameof(SnapshotTests.ClassProxy), SnapshotInputs.ClassProxy).RunAsync(CancellationToken.None);
}

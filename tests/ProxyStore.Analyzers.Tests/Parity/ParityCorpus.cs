namespace ProxyStore.Analyzers.Tests.Parity;

/// <summary>
/// The parity corpus: type shapes the generator may or may not proxy, and call sites the
/// runtime may or may not proxy. Each case also states the expected outcome, so the
/// generator and the analyzers cannot agree on a wrong answer.
/// </summary>
internal static class ParityCorpus
{
    public static readonly ParityCase[] Cases =
    [
        // Interfaces.
        new("PublicInterface", "[Proxiable] public interface Target { int X { get; } }", "Target", Generated: true, Runs: true),
        new("InternalInterfaceProxiable", "[Proxiable] internal interface Target { int X { get; } }", "Target", Generated: true, Runs: true),
        new("InternalInterfacePlain", "internal interface Target { int X { get; } }", "Target", Generated: null, Runs: false),
        new("PublicInterfacePlain", "public interface Target { int X { get; } void M(); }", "Target", Generated: null, Runs: true),
        new("GenericInterfaceProxiable", "[Proxiable] public interface IRepo<T> { T Find(int id); }", "IRepo<string>", Generated: true, Runs: true),
        new("GenericInterfacePlain", "public interface IRepo<T> { T Find(int id); }", "IRepo<int>", Generated: null, Runs: true),
        new("GenericInterfaceInternalArgument", "public interface IRepo<T> { T Find(); } internal class Hidden { }", "IRepo<Hidden>", Generated: null, Runs: false),
        new("InterfaceEventsAndIndexers", "[Proxiable] public interface Target { event System.EventHandler? Changed; string this[int i] { get; } }", "Target", Generated: true, Runs: true),
        new("InterfaceStaticAbstract", "[Proxiable] public interface Target { static abstract int Create(); }", null, Generated: false, Runs: null),
        new("InterfaceDefaultMember", "[Proxiable] public interface Target { int X => 1; int Y { get; } }", "Target", Generated: true, Runs: true),
        new("InterfaceInheritance", "public interface IBase { int A { get; } } [Proxiable] public interface Target : IBase { int B { get; } }", "Target", Generated: true, Runs: true),
        new("InterfaceReservedMemberNames", "[Proxiable] public interface ITarget { int __Target { get; } int TargetProxy { get; } string ToString(); }", "ITarget", Generated: true, Runs: true),
        new("InterfaceBesideProxiableClass", "[Proxiable] public interface ITarget { int X { get; } } [Proxiable] public class Target { public virtual int X => 1; }", "ITarget", Generated: true, Runs: true),
        new("NestedPublicInterface", "public class Outer { [Proxiable] public interface Target { int X { get; } } }", "Outer.Target", Generated: true, Runs: true),
        new("NestedInternalInterface", "public class Outer { [Proxiable] internal interface Target { int X { get; } } }", "Outer.Target", Generated: true, Runs: true),
        new("NestedPrivateInterface", "public class Outer { [Proxiable] private interface Target { int X { get; } } }", null, Generated: false, Runs: null),
        new("NestedProtectedInterface", "public class Outer { [Proxiable] protected interface Target { int X { get; } } }", null, Generated: false, Runs: null),
        new("NestedPrivateProtectedInterface", "public class Outer { [Proxiable] private protected interface Target { int X { get; } } }", null, Generated: false, Runs: null),
        new("NestedInPrivateClass", "public class Outer { private class Middle { [Proxiable] public interface Target { int X { get; } } } }", null, Generated: false, Runs: null),
        new("NestedInGenericClass", "public class Box<T> { [Proxiable] public interface IContent { T Value { get; } } }", "Box<int>.IContent", Generated: true, Runs: true),
        new("RepeatedTypeParameterName", "#pragma warning disable CS0693\npublic class Box<T> { [Proxiable] public interface IContent<T> { T Value { get; } } }", "Box<int>.IContent<string>", Generated: false, Runs: true),
        new("FileLocalInterfaceProxiable", "[Proxiable] file interface Target { int X { get; } }", "Target", Generated: false, Runs: false),
        new("FileLocalInterfacePlain", "file interface Target { int X { get; } }", "Target", Generated: null, Runs: false),
        new("ProxyNameTaken", "[Proxiable] public interface ITarget { int X { get; } } public class TargetProxy { }", "ITarget", Generated: false, Runs: true),
        new("SystemInterface", string.Empty, "System.IDisposable", Generated: null, Runs: true),

        // Classes.
        new("OpenClass", "[Proxiable] public class Target { public virtual int X => 1; }", "Target", Generated: true, Runs: true),
        new("AbstractClass", "[Proxiable] public abstract class Target { public abstract int X { get; } }", "Target", Generated: true, Runs: true),
        new("AbstractProtectedMembers", "[Proxiable] public abstract class Target { protected abstract int Secret { get; } public virtual int X => Secret; }", "Target", Generated: true, Runs: true),
        new("ProxiableNonVirtualMembers", "[Proxiable] public class Target { public int X => 1; }", "Target", Generated: true, Runs: true),
        new("PlainNonVirtualMembers", "public class Target { public int X => 1; }", "Target", Generated: null, Runs: false),
        new("PlainVirtualMembers", "public class Target { public virtual int X => 1; public virtual event System.EventHandler? Changed; }", "Target", Generated: null, Runs: true),
        new("PlainPublicField", "public class Target { public int F; public virtual int X => F; }", "Target", Generated: null, Runs: false),
        new("PlainInheritedNonVirtual", "public class Base { public int Y => 1; } public class Target : Base { public virtual int X => 1; }", "Target", Generated: null, Runs: false),
        new("PlainSealedOverride", "public class Base { public virtual int X => 1; } public class Target : Base { public sealed override int X => 2; }", "Target", Generated: null, Runs: false),
        new("SealedProxiable", "[Proxiable] public sealed class Target { public int X => 1; }", "Target", Generated: false, Runs: false),
        new("SealedPlain", "public sealed class Target { }", "Target", Generated: null, Runs: false),
        new("StaticClass", "[Proxiable] public static class Target { }", null, Generated: false, Runs: null),
        new("PositionalRecord", "[Proxiable] public record Target(int X);", "Target", Generated: false, Runs: false),
        new("RecordWithParameterlessConstructor", "[Proxiable] public record Target { public virtual int X { get; init; } }", "Target", Generated: false, Runs: null),
        new("SealedRecord", "[Proxiable] public sealed record Target(int X);", "Target", Generated: false, Runs: false),
        new("PrivateConstructor", "[Proxiable] public class Target { private Target() { } public virtual int X => 1; }", "Target", Generated: false, Runs: false),
        new("ProtectedConstructor", "[Proxiable] public class Target { protected Target() { } public virtual int X => 1; }", "Target", Generated: true, Runs: true),
        new("InternalConstructor", "[Proxiable] public class Target { internal Target() { } public virtual int X => 1; }", "Target", Generated: true, Runs: true),
        new("PrivateProtectedConstructor", "[Proxiable] public class Target { private protected Target() { } public virtual int X => 1; }", "Target", Generated: true, Runs: true),
        new("ParameterizedConstructorOnly", "[Proxiable] public class Target { public Target(int x) { System.ArgumentOutOfRangeException.ThrowIfNegative(x); } public virtual int X => 1; }", "Target", Generated: false, Runs: false),
        new("OptionalParameterConstructor", "[Proxiable] public class Target { public Target(int x = 1) { } public virtual int X => 1; }", "Target", Generated: false, Runs: false),
        new("BothConstructors", "[Proxiable] public class Target { protected Target() { } public Target(int x) { } public virtual int X => 1; }", "Target", Generated: true, Runs: true),
        new("PlainInternalConstructor", "public class Target { internal Target() { } public virtual int X => 1; }", "Target", Generated: null, Runs: false),
        new("PlainProtectedInternalConstructor", "public class Target { protected internal Target() { } public virtual int X => 1; }", "Target", Generated: null, Runs: true),
        new("ReservedMemberName", "[Proxiable] public class Target { public virtual int __Target => 1; }", "Target", Generated: false, Runs: true),
        new("ReservedProtectedField", "public class Base { protected int __slot; } [Proxiable] public class Target : Base { public virtual int X => __slot; }", "Target", Generated: false, Runs: true),
        new("MemberNamedLikeTheProxy", "[Proxiable] public class Target { public virtual int TargetProxy => 1; }", "Target", Generated: false, Runs: true),
        new("RequiredMembers", "[Proxiable] public class Target { public required virtual string Name { get; set; } }", "Target", Generated: true, Runs: true),
        new("NestedPublicClass", "public class Outer { [Proxiable] public class Target { public virtual int X => 1; } }", "Outer.Target", Generated: true, Runs: true),
        new("NestedPrivateClass", "public class Outer { [Proxiable] private class Target { public virtual int X => 1; } }", null, Generated: false, Runs: null),
        new("InternalClassProxiable", "[Proxiable] internal class Target { public virtual int X => 1; }", "Target", Generated: true, Runs: true),
        new("InternalClassPlain", "internal class Target { public virtual int X => 1; }", "Target", Generated: null, Runs: false),
        new("GenericClassProxiable", "[Proxiable] public class Target<T> { public virtual T? Value => default; }", "Target<string>", Generated: true, Runs: true),
        new("GenericClassPlain", "public class Target<T> { public virtual T? Value => default; }", "Target<int>", Generated: null, Runs: true),
        new("PlainNestedPublicInInternal", "internal class Outer { public interface Target { int X { get; } } }", "Outer.Target", Generated: null, Runs: false),
        new("PlainInterfaceInternalMember", "public interface Target { internal int X { get; } int Y { get; } }", "Target", Generated: null, Runs: false),
        new("PlainAbstractInternalMember", "public abstract class Target { internal abstract int X { get; } public virtual int Y => X; }", "Target", Generated: null, Runs: false),
        new("ProxiableAbstractInternalMember", "[Proxiable] public abstract class Target { internal abstract int X { get; } public virtual int Y => X; }", "Target", Generated: true, Runs: true),
        new("ProxiableInterfaceInternalMember", "[Proxiable] public interface Target { internal int X { get; } int Y { get; } }", "Target", Generated: true, Runs: true),
        new("ObjectItself", string.Empty, "object", Generated: null, Runs: true),
        new("StringItself", string.Empty, "string", Generated: null, Runs: false),
    ];
}

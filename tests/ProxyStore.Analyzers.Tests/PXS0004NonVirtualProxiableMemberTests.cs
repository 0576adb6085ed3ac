using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ProxyStore.Analyzers.CodeFixes;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests;

public class PXS0004NonVirtualProxiableMemberTests
{
    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<NonVirtualProxiableMemberAnalyzer>("using System;\nusing ProxyStore;\n\n" + source, expected);

    // A proxy that cannot forward a member returns the proxy's own empty state from it: silently
    // wrong values, so the build fails (and the runtime refuses such a proxy if it was silenced).
    [Fact]
    public void Is_an_error_by_default() =>
        Assert.Equal(DiagnosticSeverity.Error, DiagnosticDescriptors.NonVirtualProxiableMember.DefaultSeverity);

    [Fact]
    public Task Types_that_PXS0003_refuses_get_no_PXS0004() =>
        VerifyAsync("""
            [Proxiable]
            public record Reading(double Value);

            [Proxiable]
            public class Account
            {
                public Account(string owner) { }
                public string Owner => "";
            }

            public class Outer
            {
                [Proxiable]
                private class Hidden { public int X => 1; }
            }
            """);

    [Fact]
    public Task Non_virtual_method_is_reported_on_the_member() =>
        VerifyAsync("""
            [Proxiable]
            public class Model
            {
                public int {|#0:Value|}() => 1;
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NonVirtualProxiableMember).WithLocation(0).WithArguments(
                "Value", "Model", "it is not virtual"));

    [Fact]
    public Task Properties_indexers_events_fields_and_sealed_overrides_are_reported() =>
        VerifyAsync("""
            public abstract class Base
            {
                public abstract string Describe();
            }

            [Proxiable]
            public class Model : Base
            {
                public string {|#0:Name|} { get; set; } = "";
                public int {|#1:this|}[int index] => index;
                public event EventHandler? {|#2:Changed|};
                public int {|#3:Count|};
                public sealed override string {|#4:Describe|}() => Name;
                public void Raise() => Changed?.Invoke(this, EventArgs.Empty);
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NonVirtualProxiableMember).WithLocation(0).WithArguments("Name", "Model", "it is not virtual"),
            Verify.Diagnostic(DiagnosticDescriptors.NonVirtualProxiableMember).WithLocation(1).WithArguments("this[]", "Model", "it is not virtual"),
            Verify.Diagnostic(DiagnosticDescriptors.NonVirtualProxiableMember).WithLocation(2).WithArguments("Changed", "Model", "it is not virtual"),
            Verify.Diagnostic(DiagnosticDescriptors.NonVirtualProxiableMember).WithLocation(3).WithArguments("Count", "Model", "it is a field; make it a virtual property"),
            Verify.Diagnostic(DiagnosticDescriptors.NonVirtualProxiableMember).WithLocation(4).WithArguments("Describe", "Model", "it is a sealed override"),
            Verify.Diagnostic(DiagnosticDescriptors.NonVirtualProxiableMember).WithSpan(17, 17, 17, 22).WithArguments("Raise", "Model", "it is not virtual"));

    [Fact]
    public Task Member_inherited_from_a_base_class_is_reported_on_the_attribute() =>
        VerifyAsync("""
            public class Base
            {
                public int Id() => 1;
            }

            [{|#0:Proxiable|}]
            public class Model : Base
            {
                public virtual int Value() => 2;
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NonVirtualProxiableMember).WithLocation(0).WithArguments(
                "Base.Id", "Model", "it is not virtual"));

    [Fact]
    public Task Virtual_abstract_override_non_public_and_static_members_are_not_reported() =>
        VerifyAsync("""
            [Proxiable]
            public abstract class Model
            {
                protected Model() { }
                public virtual int Value() => 1;
                public abstract string Name { get; }
                public virtual event EventHandler? Changed;
                public override string ToString() => Name;
                public override bool Equals(object? obj) => ReferenceEquals(this, obj);
                public override int GetHashCode() => 1;
                internal int Internal() => 2;
                protected int Protected() => 3;
                private int Private() => Internal() + Protected();
                public static Model? Create() => null;
                public const int Limit = 4;
                public static int Counter;
                protected void Raise() => Changed?.Invoke(this, EventArgs.Empty);
            }

            [Proxiable]
            public interface IModel
            {
                int Value();
            }

            public class NotMarked
            {
                public int Value() => 1;
            }
            """);

    [Fact]
    public Task Sealed_classes_are_left_to_PXS0003() =>
        VerifyAsync("""
            [Proxiable]
            public sealed class Frozen
            {
                public int Value() => 1;
            }
            """);

    [Fact]
    public Task Fix_makes_method_and_property_virtual() =>
        Verify.CodeFixAsync<NonVirtualProxiableMemberAnalyzer, MakeMemberVirtualCodeFix>(
            """
            using ProxyStore;

            [Proxiable]
            public class Model
            {
                /// <summary>The value.</summary>
                public int {|PXS0004:Value|}() => 1;

                public string {|PXS0004:Name|} { get; set; } = "";

                public async System.Threading.Tasks.Task {|PXS0004:RunAsync|}() => await System.Threading.Tasks.Task.Yield();
            }
            """,
            """
            using ProxyStore;

            [Proxiable]
            public class Model
            {
                /// <summary>The value.</summary>
                public virtual int Value() => 1;

                public virtual string Name { get; set; } = "";

                public virtual async System.Threading.Tasks.Task RunAsync() => await System.Threading.Tasks.Task.Yield();
            }
            """);

    [Fact]
    public Task Fix_unseals_a_sealed_override() =>
        Verify.CodeFixAsync<NonVirtualProxiableMemberAnalyzer, MakeMemberVirtualCodeFix>(
            """
            using ProxyStore;

            [Proxiable]
            public class Model
            {
                public sealed override string {|PXS0004:ToString|}() => "model";
            }
            """,
            """
            using ProxyStore;

            [Proxiable]
            public class Model
            {
                public override string ToString() => "model";
            }
            """);

    [Fact]
    public async Task No_fix_is_offered_for_a_field()
    {
        const string source = """
            using ProxyStore;

            [Proxiable]
            public class Model
            {
                public int {|PXS0004:Count|};
            }
            """;
        await Verify.CodeFixAsync<NonVirtualProxiableMemberAnalyzer, MakeMemberVirtualCodeFix>(source, source);
    }
}

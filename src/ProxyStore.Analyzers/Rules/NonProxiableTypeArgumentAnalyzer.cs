using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ProxyStore.Analyzers.Internal;

namespace ProxyStore.Analyzers.Rules;

/// <summary>
/// PXS0002: <c>Proxy&lt;T&gt;</c>, <c>ProxyBatch&lt;T&gt;</c>, <c>ProxyFromKey&lt;T&gt;</c>, their
/// async twins or <c>StoreFuture&lt;T&gt;.Proxy()</c> with a <c>T</c> that neither a generated proxy
/// nor the runtime fallback can proxy. A type parameter is never reported: what it stands for
/// is only known where the generic method is called.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonProxiableTypeArgumentAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.NonProxiableTypeArgument);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            ProxyStoreSymbols? symbols = ProxyStoreSymbols.Create(start.Compilation);
            if (symbols is not null)
            {
                // Why each type argument seen in this compilation cannot be proxied (null: it can); one member walk per type.
                var reasons = new ConcurrentDictionary<ITypeSymbol, string?>(SymbolEqualityComparer.Default);
                start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, reasons), OperationKind.Invocation);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, ProxyStoreSymbols symbols, ConcurrentDictionary<ITypeSymbol, string?> reasons)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (symbols.ProxiedType(invocation.TargetMethod) is not { } type)
        {
            return;
        }

        // A [Proxiable] type the generator accepts gets a generated proxy, which the runtime
        // makes unless the class has members it cannot forward (PXS0004); one the generator
        // refuses (PXS0003) falls back to the runtime's proxy at run time, so it is judged like
        // any other type.
        bool generated = symbols.HasProxiableAttribute(type)
            && type.OriginalDefinition is INamedTypeSymbol definition
            && Proxiability.WhyNotGeneratable(definition, context.Compilation, context.CancellationToken) is null;
        string? reason = reasons.GetOrAdd(type, t => generated
            ? Proxiability.WhyGeneratedProxyRefused((INamedTypeSymbol)t)
            : Proxiability.WhyNotRuntimeProxiable(t));
        if (reason is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.NonProxiableTypeArgument,
            TypeArgumentLocation(invocation),
            type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
            reason));
    }

    /// <summary>The written type argument, else the method name, else the whole call.</summary>
    private static Location TypeArgumentLocation(IInvocationOperation invocation)
    {
        if (invocation.Syntax is InvocationExpressionSyntax call)
        {
            SimpleNameSyntax? name = call.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            };

            if (name is GenericNameSyntax generic && generic.TypeArgumentList.Arguments.Count == 1)
            {
                return generic.TypeArgumentList.Arguments[0].GetLocation();
            }

            if (name is not null)
            {
                return name.GetLocation();
            }
        }

        return invocation.Syntax.GetLocation();
    }
}

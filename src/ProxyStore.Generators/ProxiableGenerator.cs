using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ProxyStore.Generators.Emit;
using ProxyStore.Generators.Model;
using ProxyStore.Generators.Parsing;

namespace ProxyStore.Generators;

/// <summary>
/// Generates a strongly typed lazy proxy (an <c>internal</c> class unless
/// <c>PublicProxy = true</c>) for every interface and non-sealed class marked
/// <c>[ProxyStore.Proxiable]</c>, and one module initializer that registers them all with
/// the runtime. Types that cannot be proxied get nothing; which those are is decided by
/// <c>GeneratedProxyRules</c>, shared with the analyzers, which report them as PXS0003.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ProxiableGenerator : IIncrementalGenerator
{
    /// <summary>The attribute that asks for a proxy.</summary>
    public const string AttributeName = "ProxyStore.ProxiableAttribute";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ProxyModel> models = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                static (node, _) => node is InterfaceDeclarationSyntax or ClassDeclarationSyntax,
                static (context, cancellationToken) => ProxyModelBuilder.Build(context, cancellationToken))
            .WithTrackingName(TrackingNames.ProxiableTypes)
            .SelectMany(static (model, _) => model is null ? ImmutableArray<ProxyModel>.Empty : ImmutableArray.Create(model))
            .WithTrackingName(TrackingNames.ProxyModels);

        context.RegisterSourceOutput(models, static (output, model) => output.AddSource(model.HintName, ProxyEmitter.Emit(model)));

        IncrementalValueProvider<EquatableArray<RegistrationModel>> registrations = models
            .Select(static (model, _) => model.Registration)
            .WithTrackingName(TrackingNames.Registrations)
            .Collect()
            .WithTrackingName(TrackingNames.CollectedRegistrations)
            .Select(static (all, _) => new EquatableArray<RegistrationModel>(all.ToArray()))
            .WithTrackingName(TrackingNames.RegistrationSet);

        context.RegisterSourceOutput(registrations, static (output, all) =>
        {
            if (!all.IsEmpty)
            {
                output.AddSource(RegistrationEmitter.HintName, RegistrationEmitter.Emit(all));
            }
        });
    }
}

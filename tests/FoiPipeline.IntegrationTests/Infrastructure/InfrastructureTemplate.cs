using System.Text.RegularExpressions;

namespace FoiPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// The Bicep under <c>infra/</c> as the infrastructure check sees it: the Functions app's settings, its identity,
/// and the role assignments made to that identity, resolved across <c>main.bicep</c> and its modules.
/// </summary>
/// <remarks>
/// What "the app's identity" means here: a role assignment's <c>principalId</c> is either the function app's own
/// <c>identity.principalId</c> in the same file, or a module parameter that an unconditional module call passes
/// <c>x.outputs.principalId</c> to, where module <c>x</c>'s file outputs a <c>Microsoft.Web/sites</c> resource's
/// <c>identity.principalId</c>. A condition on an assignment counts as met only when it is a bool parameter that
/// the call (or the parameter's default) sets to <c>true</c>. Anything else is not counted, so a shape this reader
/// does not understand fails the check rather than passing it.
/// </remarks>
public sealed partial class InfrastructureTemplate
{
    /// <summary>What stands in for a setting whose value is a Bicep expression (an output, a resource property).</summary>
    public const string Placeholder = "https://placeholder.invalid/";

    public const string FunctionAppType = "Microsoft.Web/sites";
    public const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    public InfrastructureTemplate(IReadOnlyDictionary<string, string> files)
    {
        Files = files.Where(f => f.Key.EndsWith(".bicep", StringComparison.Ordinal))
            .ToDictionary(f => f.Key, f => new BicepFile(f.Key, f.Value), StringComparer.Ordinal);
        OtherFiles = files.Where(f => !f.Key.EndsWith(".bicep", StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
    }

    /// <summary>Every <c>.bicep</c> and <c>.json</c> file under <paramref name="infraDirectory"/>, keyed by path relative to it.</summary>
    public static IReadOnlyDictionary<string, string> ReadFiles(string infraDirectory)
        => Directory.EnumerateFiles(infraDirectory, "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".bicep", StringComparison.Ordinal) || p.EndsWith(".json", StringComparison.Ordinal))
            .ToDictionary(p => Path.GetRelativePath(infraDirectory, p).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, BicepFile> Files { get; }

    /// <summary>Parameter files and other JSON beside the Bicep, scanned for keys only.</summary>
    public IReadOnlyDictionary<string, string> OtherFiles { get; }

    /// <summary>The file declaring the (new, not existing) function app.</summary>
    public BicepFile FunctionAppFile
        => Files.Values.SingleOrDefault(f => f.Resources.Any(r => r.Type == FunctionAppType && !r.IsExisting))
            ?? throw new InvalidOperationException($"No Bicep file under infra/ declares a {FunctionAppType} resource (the Functions app).");

    public BicepResource FunctionApp => FunctionAppFile.Resources.Single(r => r.Type == FunctionAppType && !r.IsExisting);

    /// <summary>
    /// The app settings the template gives the function app (the <c>appsettings</c> config resource's properties), each
    /// with its value when the reader can resolve it to a literal, otherwise <see cref="Placeholder"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> AppSettings()
    {
        var file = FunctionAppFile;
        var config = file.Resources.SingleOrDefault(r => r.Type == $"{FunctionAppType}/config" && file.Resolve(r.Entry("name") ?? string.Empty) == "appsettings")
            ?? throw new InvalidOperationException($"{file.Path} has no Microsoft.Web/sites/config resource named 'appsettings'.");
        var properties = config.Entry("properties") ?? throw new InvalidOperationException($"{file.Path}: the appsettings resource has no properties.");
        var literal = properties.StartsWith('{') ? properties : file.Variables.GetValueOrDefault(properties);
        if (literal is null || !literal.StartsWith('{'))
        {
            throw new InvalidOperationException($"{file.Path}: the appsettings properties must be an object literal or a variable holding one (got '{properties}').");
        }

        return BicepFile.ReadObject(literal, 0).ToDictionary(e => e.Key, e => Evaluate(file, e.Value), StringComparer.Ordinal);
    }

    /// <summary>Role assignments made to the function app's identity, each with the type of resource it is scoped to.</summary>
    public IReadOnlyList<RoleGrant> AppIdentityRoles()
    {
        var grants = new List<RoleGrant>();
        var appFile = FunctionAppFile;
        var app = FunctionApp;
        foreach (var file in Files.Values)
        {
            foreach (var assignment in file.Resources.Where(r => r.Type == RoleAssignmentType && !r.IsExisting))
            {
                var properties = assignment.Entry("properties");
                var principal = properties is null ? null : BicepFile.ReadObject(properties, 0).FirstOrDefault(e => e.Key == "principalId").Value;
                if (principal is null)
                {
                    continue;
                }

                if (file == appFile && principal == $"{app.Symbol}.identity.principalId" && assignment.Condition is null)
                {
                    grants.Add(Grant(file, assignment, properties!, call: null));
                    continue;
                }

                if (!file.Parameters.ContainsKey(principal))
                {
                    continue;
                }

                foreach (var (caller, call) in CallsOf(file))
                {
                    if (call.Condition is null && call.Parameters.GetValueOrDefault(principal) is { } passed && IsAppPrincipalOutput(caller, passed)
                        && ConditionHolds(file, assignment.Condition, call))
                    {
                        grants.Add(Grant(file, assignment, properties!, call));
                    }
                }
            }
        }

        return grants;
    }

    /// <summary>Every role assignment in the template with no <c>scope</c>: those land on the whole resource group (or subscription).</summary>
    public IReadOnlyList<string> UnscopedRoleAssignments()
        => Files.Values.SelectMany(f => f.Resources.Where(r => r.Type == RoleAssignmentType && !r.IsExisting && r.Entry("scope") is null)
            .Select(r => $"{f.Path}:{f.LineOf(r.Start)} ({r.Symbol})")).ToList();

    private static RoleGrant Grant(BicepFile file, BicepResource assignment, string properties, BicepModule? call)
    {
        var scope = assignment.Entry("scope");
        var scopeType = scope is null ? null : file.Resources.FirstOrDefault(r => r.Symbol == scope)?.Type;
        var roleExpression = BicepFile.ReadObject(properties, 0).FirstOrDefault(e => e.Key == "roleDefinitionId").Value ?? string.Empty;
        var role = Guid().Match(roleExpression) is { Success: true } literal
            ? literal.Value
            : LastArgument().Match(roleExpression) is { Success: true } reference ? file.Resolve(reference.Groups["arg"].Value) : null;
        return new RoleGrant(file.Path, assignment.Symbol, file.LineOf(assignment.Start), scopeType, role?.ToLowerInvariant(), call?.Symbol);
    }

    private IEnumerable<(BicepFile Caller, BicepModule Call)> CallsOf(BicepFile module)
    {
        foreach (var caller in Files.Values)
        {
            foreach (var call in caller.Modules)
            {
                if (Normalise(caller.Path, call.Path) == module.Path)
                {
                    yield return (caller, call);
                }
            }
        }
    }

    private bool IsAppPrincipalOutput(BicepFile caller, string passed)
    {
        var match = ModuleOutput().Match(passed.Trim());
        if (!match.Success)
        {
            return false;
        }

        var call = caller.Modules.FirstOrDefault(m => m.Symbol == match.Groups["module"].Value);
        if (call is null || !Files.TryGetValue(Normalise(caller.Path, call.Path), out var callee))
        {
            return false;
        }

        var app = callee.Resources.FirstOrDefault(r => r.Type == FunctionAppType && !r.IsExisting);
        return app is not null && callee.Outputs.GetValueOrDefault(match.Groups["output"].Value) == $"{app.Symbol}.identity.principalId";
    }

    private static bool ConditionHolds(BicepFile file, string? condition, BicepModule call)
    {
        if (condition is null)
        {
            return true;
        }

        var name = condition.Trim('(', ')', ' ');
        if (!file.Parameters.TryGetValue(name, out var parameter) || parameter.Type != "bool")
        {
            return false;
        }

        return (call.Parameters.GetValueOrDefault(name) ?? parameter.Default) == "true";
    }

    private static string Evaluate(BicepFile file, string expression)
    {
        if (file.Resolve(expression) is { } literal)
        {
            // An interpolation keeps the literal text around it: 'https://${name}.search.windows.net' stays a URL.
            return Interpolation().Replace(literal, m => file.Resolve(m.Groups["expr"].Value) ?? "placeholder");
        }

        return Placeholder;
    }

    private static string Normalise(string callerPath, string modulePath)
    {
        var directory = Path.GetDirectoryName(callerPath) ?? string.Empty;
        var parts = new List<string>();
        foreach (var part in Path.Combine(directory, modulePath).Replace('\\', '/').Split('/'))
        {
            if (part == "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part is not ("." or ""))
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@",\s*(?<arg>[\w.]+)\s*\)\s*$")]
    private static partial Regex LastArgument();

    [GeneratedRegex(@"^(?<module>\w+)\.outputs\.(?<output>\w+)$")]
    private static partial Regex ModuleOutput();

    [GeneratedRegex(@"\$\{(?<expr>[^}]*)\}")]
    private static partial Regex Interpolation();
}

/// <summary>A role given to the app's identity: where it is declared, the type of resource it is scoped to (null: none), and the role definition id.</summary>
public sealed record RoleGrant(string File, string Symbol, int Line, string? ScopeType, string? RoleDefinitionId, string? ModuleCall);

using System.Text.Json;
using FoiPipeline.Api;

namespace FoiPipeline.UnitTests.Api;

/// <summary>The hand-written OpenAPI document describes the endpoint table and the handlers as they are, not as they were.</summary>
public sealed class OpenApiDocumentTests
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private static JsonElement Document()
    {
        using var document = JsonDocument.Parse(OpenApiDocument.Json);
        return document.RootElement.Clone();
    }

    [Fact]
    public void The_document_is_OpenAPI_3_0()
    {
        Assert.Matches(@"^3\.0\.\d+$", Document().GetProperty("openapi").GetString());
    }

    [Fact]
    public void Its_paths_methods_and_operation_ids_are_the_endpoint_table_and_the_document_itself()
    {
        var expected = ReviewEndpoints.All
            .Select(e => $"{e.Method.ToUpperInvariant()} /{ReviewEndpoints.RoutePrefix}/{e.Route} {e.Name}")
            .Append($"GET /{ReviewEndpoints.RoutePrefix}/openapi.json GetOpenApi")
            .Order(StringComparer.Ordinal);

        var described = Operations().Select(o => $"{o.Method.ToUpperInvariant()} {o.Path} {o.Operation.GetProperty("operationId").GetString()}");

        Assert.Equal(expected, described.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_queue_parameters_are_exactly_those_the_queue_query_accepts()
    {
        var list = Operations().Single(o => o.Operation.GetProperty("operationId").GetString() == "ListRequests").Operation;
        var names = list.GetProperty("parameters").EnumerateArray().Select(p => Resolve(p).GetProperty("name").GetString()!);

        Assert.Equal(QueueQuery.Parameters.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_status_names_described_are_the_ones_the_api_parses()
    {
        var names = Schema("RequestStatus").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);

        Assert.Equal(StatusNames.All, names);
    }

    [Fact]
    public void Every_request_body_is_closed_and_names_exactly_the_fields_its_handler_reads()
    {
        var accepted = new Dictionary<string, string[]>
        {
            ["ClaimRequest"] = ReviewApi.NoFields,
            ["ReleaseRequest"] = ReviewApi.NoFields,
            ["EditQuestions"] = ReviewApi.QuestionFields,
            ["EditThemes"] = ReviewApi.ThemeFields,
            ["SetStatus"] = ReviewApi.StatusFields,
            ["AddNote"] = ReviewApi.NoteFields,
            ["Replay"] = ReviewApi.ReplayFields,
        };

        var withBodies = Operations().Where(o => o.Operation.TryGetProperty("requestBody", out _)).ToList();
        Assert.Equal(accepted.Keys.Order(StringComparer.Ordinal), withBodies.Select(o => o.Operation.GetProperty("operationId").GetString()!).Order(StringComparer.Ordinal));

        foreach (var (_, _, operation) in withBodies)
        {
            var schema = Resolve(operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
            AssertClosed(schema, accepted[operation.GetProperty("operationId").GetString()!]);
        }

        // A question inside the questions body is read field by field too, and refuses unknown ones.
        var question = Resolve(Schema("QuestionsBody").GetProperty("properties").GetProperty("questions").GetProperty("items"));
        AssertClosed(question, ReviewApi.QuestionItemFields);
    }

    [Fact]
    public void Every_error_response_is_a_problem()
    {
        foreach (var (method, path, operation) in Operations())
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var content = Resolve(response.Value).GetProperty("content");
                Assert.True(content.TryGetProperty("application/problem+json", out var media), $"{method} {path} {response.Name} is not application/problem+json");
                Assert.Equal("#/components/schemas/Problem", media.GetProperty("schema").GetProperty("$ref").GetString());
            }
        }
    }

    [Fact]
    public void Every_reference_points_at_something_in_the_document()
    {
        var root = Document();
        foreach (var reference in References(root))
        {
            Resolve(reference);
        }
    }

    private static void AssertClosed(JsonElement schema, IEnumerable<string> fields)
    {
        Assert.Equal(JsonValueKind.False, schema.GetProperty("additionalProperties").ValueKind);
        Assert.Equal(fields.Order(StringComparer.Ordinal), schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations()
        => Document().GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)).Select(m => (m.Name, path.Name, m.Value)));

    private static JsonElement Schema(string name) => Document().GetProperty("components").GetProperty("schemas").GetProperty(name);

    /// <summary>The element itself, or what its <c>$ref</c> points at (local references only, as the document uses).</summary>
    private static JsonElement Resolve(JsonElement element)
    {
        if (!element.TryGetProperty("$ref", out var reference))
        {
            return element;
        }

        var target = Document();
        foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
        {
            Assert.True(target.TryGetProperty(part, out target), $"{reference.GetString()} does not resolve");
        }

        return target;
    }

    private static IEnumerable<JsonElement> References(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("$ref", out _))
            {
                yield return element;
            }

            foreach (var child in element.EnumerateObject().SelectMany(p => References(p.Value)))
            {
                yield return child;
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in element.EnumerateArray().SelectMany(References))
            {
                yield return child;
            }
        }
    }
}

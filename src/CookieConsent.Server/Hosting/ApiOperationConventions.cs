using System.Text.Json.Nodes;
using CookieConsent.Server.Api;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CookieConsent.Server.Hosting;

/// <summary>
/// What the endpoints enforce, written into each operation: the key it needs (from <see cref="ApiKeyRequirement"/>
/// metadata; none for public routes), the id formats of path parameters, the <c>days</c> range, and the privacy signal
/// headers of the routes that read them.
/// </summary>
internal sealed class ApiOperationConventions : IOperationFilter
{
    // The routes whose answer depends on DNT / Sec-GPC (RequestSignals.From).
    private static readonly HashSet<string> ReadsSignals = new(StringComparer.Ordinal)
    {
        "RecordConsent", "GetConsent", "VerifyToken",
        "HostedPreferences", "SubmitHostedPreferences", "HostedDoNotSell", "SubmitHostedDoNotSell",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var requirement = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ApiKeyRequirement>().LastOrDefault();
        operation.Security =
        [
            requirement is null
                // An empty requirement: this operation is public on purpose (not merely undocumented).
                ? new OpenApiSecurityRequirement()
                : new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(requirement.Scheme, context.Document)] = [] },
        ];

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            switch (parameter.In, parameter.Name)
            {
                case (ParameterLocation.Path, "site"):
                    parameter.Description = "Site id: 1 to 64 of a-z, 0-9 and '-'.";
                    parameter.Schema = Text("^[a-z0-9-]{1,64}$", 1, 64);
                    break;
                case (ParameterLocation.Path, "service"):
                    parameter.Description = "Service id: 1 to 64 of a-z, 0-9 and '-'.";
                    parameter.Schema = Text("^[a-z0-9-]{1,64}$", 1, 64);
                    break;
                case (ParameterLocation.Path, "visitor"):
                    parameter.Description = "Visitor id: the canonical unpadded base64url of 16 to 32 random bytes.";
                    parameter.Schema = Text("^[A-Za-z0-9_-]{22,43}$", 22, 43);
                    break;
                case (ParameterLocation.Path, "keyId"):
                    parameter.Description = "Key id: the 12 hexadecimal digits after the site id in the key.";
                    parameter.Schema = Text("^[0-9a-f]{12}$", 12, 12);
                    break;
                case (ParameterLocation.Path, "hash"):
                    parameter.Description = "Notice revision: the first 16 bytes of the SHA-256 of the site definition's canonical JSON, in hex.";
                    parameter.Schema = Text("^[0-9a-f]{32}$", 32, 32);
                    break;
                case (ParameterLocation.Query, "days"):
                    parameter.Description = "How many UTC days back from today, today included.";
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer,
                        Format = "int32",
                        Minimum = "1",
                        Maximum = VisitorEndpoints.MaxStatsDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Default = JsonValue.Create(VisitorEndpoints.DefaultStatsDays),
                    };
                    break;
            }
        }

        if (operation.OperationId is { } id && ReadsSignals.Contains(id))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(Signal("DNT", ["0", "1"],
                "Do Not Track, as the visitor's browser sent it (a client site forwards it). '1' denies every optional category on a site that honours DNT."));
            operation.Parameters.Add(Signal("Sec-GPC", ["1"],
                "Global Privacy Control, as the visitor's browser sent it (a client site forwards it). '1' denies every sale-or-sharing category on a site that honours GPC."));
        }
    }

    private static OpenApiSchema Text(string pattern, int minLength, int maxLength) => new()
    {
        Type = JsonSchemaType.String,
        Pattern = pattern,
        MinLength = minLength,
        MaxLength = maxLength,
    };

    private static OpenApiParameter Signal(string name, string[] values, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] },
    };
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Dnscert.Core;
using Dnscert.Core.Monitoring;
using Dnscert.Core.Store;
using Dnscert.Web.Auth;
using Dnscert.Web.Endpoints;
using Dnscert.Web.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Dnscert.Web;

/// <summary>
/// The dashboard and the REST API on one <see cref="WebApplication"/>: the CLI (<c>dnscert serve</c>) opens the store,
/// starts the monitor and calls <see cref="Create"/>; everything web-specific is registered and mapped here.
/// </summary>
public static class DnscertWeb
{
    /// <summary>
    /// Builds the application. <paramref name="args"/> are the host's arguments (<c>--urls</c> as in every ASP.NET Core
    /// app); without <c>--urls</c> or <c>ASPNETCORE_URLS</c> it listens on <see cref="DnscertWebOptions.DefaultUrl"/>.
    /// </summary>
    public static WebApplication Create(string[] args, IDnscertStore store, IMonitorControl monitor, DnscertWebOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DnscertWebOptions.DefaultUrl);
        }

        // Per-request information logs would drown the monitor's; configuration (Logging:LogLevel) can still raise them.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedHostLifetime>();
        AddServices(builder.Services, store, monitor, options ?? new DnscertWebOptions(), timeProvider ?? TimeProvider.System);
        var app = builder.Build();
        Map(app);
        return app;
    }

    /// <summary>Registers authentication, authorization, anti-forgery, ProblemDetails, OpenAPI and the dnscert services.</summary>
    public static void AddServices(IServiceCollection services, IDnscertStore store, IMonitorControl monitor, DnscertWebOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Check();
        if (problems.Count > 0)
        {
            throw new DnscertException(string.Join("; ", problems));
        }

        services.AddSingleton(store);
        services.AddSingleton(monitor);
        services.AddSingleton(options);
        services.AddSingleton(timeProvider);
        services.AddSingleton<UserAdmin>();
        services.AddSingleton<OverviewService>();
        services.AddSingleton<ZoneLister>();
        services.AddSingleton(new Dnscert.Coordination.Incidents.IncidentService(store, timeProvider, options.RegistrarByDomain));
        services.AddSingleton<StatisticsService>();
        services.AddSingleton<FeedsService>();
        services.AddSingleton<Consultation.ReportPublisher>();
        services.AddSingleton<Consultation.ConsultationService>();
        services.AddSingleton<Dnscert.Reports.Gaps.ICapabilitySource, DirectoryCapabilitySource>();
        // The key that signs acknowledgement links: configured (base64, 32 bytes or more) so links outlive a restart,
        // or random for this process (links then die with it; docs/notifications.md).
        services.AddSingleton(new Dnscert.Exchange.Notifications.AcknowledgementToken(
            string.IsNullOrEmpty(options.AcknowledgementKey) ? System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) : Convert.FromBase64String(options.AcknowledgementKey),
            timeProvider));
        // Campaign and incident messages go through the outbox kept in the store, which the host's outbox processor
        // delivers (docs/notifications.md), so a restart loses no unsent message.
        services.TryAddSingleton<Dnscert.Exchange.Notifications.IOutboxRepository>(_ => new Dnscert.Exchange.Notifications.StoredOutboxRepository(store.Outbox));
        services.TryAddSingleton(sp => new Dnscert.Exchange.Notifications.Notifier(sp.GetRequiredService<Dnscert.Exchange.Notifications.IOutboxRepository>(), timeProvider));
        services.AddSingleton(sp => new Campaigns.CampaignService(
            store, sp.GetRequiredService<Dnscert.Exchange.Notifications.Notifier>(), sp.GetRequiredService<Dnscert.Exchange.Notifications.AcknowledgementToken>(), timeProvider, options.Campaigns));
        services.AddHostedService<Campaigns.CampaignReminderWorker>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                o.ExpireTimeSpan = options.LoginLifetime;
                o.SlidingExpiration = true;
                o.Cookie.Name = "dnscert.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = options.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.CanRead, p => p.RequireRole(Roles.Viewer, Roles.Analyst, Roles.Admin))
            .AddPolicy(Roles.CanAct, p => p.RequireRole(Roles.Analyst, Roles.Admin))
            .AddPolicy(Roles.CanAdminister, p => p.RequireRole(Roles.Admin));

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "dnscert.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__af";
        });
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "dnscert API";
            document.Info.Description = "Zones, zone sets, checks and observations of the dnscert monitor. Authenticate with Authorization: Bearer dnscert_ID_SECRET (docs/web.md).";
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token from `dnscert user token` or POST /api/v1/tokens.",
            };
            document.Security = [new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
    }

    /// <summary>Maps the middleware, the pages, the API under /api/v1 and the OpenAPI document at /openapi/v1.json.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e switch
            {
                StoreException { IsTransient: true } => StatusCodes.Status503ServiceUnavailable,
                BadHttpRequestException b => b.StatusCode,
                DnscertException or FormatException => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'";
            await next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi();
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiTokenAuthenticationHandler.SchemeName, Policy = Roles.CanRead })
            .DisableAntiforgery();
        api.MapZoneEndpoints();
        api.MapZoneSetEndpoints();
        api.MapCheckEndpoints();
        api.MapEvidenceEndpoints();
        api.MapObservationEndpoints();
        api.MapStatisticsEndpoints();
        api.MapTokenEndpoints();
        api.MapIncidentEndpoints();
        api.MapStakeholderEndpoints();
        api.MapCampaignEndpoints();
        api.MapFeedsEndpoints();
        api.MapTrafficEndpoints();
        api.MapReportEndpoints();

        app.MapAccountPages();
        app.MapDashboardPages();
        app.MapCoordinationPages();
        app.MapAcknowledgementPages();
        app.MapStatisticsPages();
        app.MapCampaignPages();
        app.MapCampaignLinkPages();
        app.MapFeedsPages();
        app.MapTrafficPages();
        app.MapReportPages();
    }
}

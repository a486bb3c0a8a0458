global using System.Net;
global using System.Net.Http.Headers;
global using System.Text;
global using System.Text.Json;
global using WebhookFirewall.Tests.Infrastructure;

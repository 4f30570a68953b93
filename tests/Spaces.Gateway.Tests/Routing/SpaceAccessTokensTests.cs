using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Spaces.Gateway.Routing;

namespace Spaces.Gateway.Tests.Routing;

public sealed class SpaceAccessTokensTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly EphemeralDataProtectionProvider _keys = new();

    [Fact]
    public void A_token_is_valid_for_its_space_until_it_expires()
    {
        var tokens = Tokens();
        var token = tokens.Create(42, TimeSpan.FromMinutes(5));

        Assert.True(tokens.Validate(token, 42));
        _time.Advance(TimeSpan.FromMinutes(4.9));
        Assert.True(tokens.Validate(token, 42));
        _time.Advance(TimeSpan.FromMinutes(0.2));
        Assert.False(tokens.Validate(token, 42));
    }

    [Fact]
    public void The_default_lifetime_is_five_minutes()
    {
        var tokens = Tokens();
        var token = tokens.Create(7);

        _time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(59));
        Assert.True(tokens.Validate(token, 7));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(tokens.Validate(token, 7));
    }

    [Fact]
    public void A_token_for_one_space_is_refused_for_another()
    {
        var tokens = Tokens();

        Assert.False(tokens.Validate(tokens.Create(1, TimeSpan.FromMinutes(5)), 2));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("!!!")]
    public void Garbage_is_refused(string? token)
    {
        Assert.False(Tokens().Validate(token, 1));
    }

    [Fact]
    public void An_altered_token_or_one_from_other_keys_is_refused()
    {
        var tokens = Tokens();
        var token = tokens.Create(5, TimeSpan.FromMinutes(5));
        var altered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        Assert.False(tokens.Validate(altered, 5));
        Assert.False(new SpaceAccessTokens(new EphemeralDataProtectionProvider(), _time, Options.Create(new GatewayOptions())).Validate(token, 5));
    }

    [Fact]
    public void A_token_and_an_app_cookie_cannot_stand_in_for_each_other()
    {
        var tokens = Tokens();
        var token = tokens.Create(9, TimeSpan.FromMinutes(5));
        var cookie = tokens.CreateAppCookie(9);

        Assert.True(tokens.ValidateAppCookie(cookie, 9));
        Assert.False(tokens.ValidateAppCookie(token, 9));
        Assert.False(tokens.Validate(cookie, 9));
        Assert.False(tokens.ValidateAppCookie(cookie, 10));
    }

    [Fact]
    public void The_app_cookie_lasts_its_configured_lifetime()
    {
        var tokens = Tokens(new GatewayOptions { AppCookieLifetime = TimeSpan.FromHours(12) });
        var cookie = tokens.CreateAppCookie(3);

        _time.Advance(TimeSpan.FromHours(11.9));
        Assert.True(tokens.ValidateAppCookie(cookie, 3));
        _time.Advance(TimeSpan.FromHours(0.2));
        Assert.False(tokens.ValidateAppCookie(cookie, 3));
    }

    [Fact]
    public void Tokens_are_url_safe()
    {
        var token = Tokens().Create(123456789, TimeSpan.FromMinutes(5));

        Assert.Equal(Uri.EscapeDataString(token), token);
    }

    private SpaceAccessTokens Tokens(GatewayOptions? options = null) => new(_keys, _time, Options.Create(options ?? new GatewayOptions()));
}

package dev.meridian.runtime.gui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * The web GUI at {@code /gui}: the single-page app's built assets from the {@code meridian-gui}
 * jar, with every deep link ({@code /gui/meshes/default/dataplanes}) answered by its {@code
 * index.html} so the app's router shows the page. The assets hold no data and are served without a
 * token ({@code ApiAccessFilter} opens {@code /gui} the same deliberate way it opens health); every
 * API call the app makes carries the user's token.
 */
@Configuration
class GuiResources implements WebMvcConfigurer {
  static final String LOCATION = "classpath:/META-INF/meridian-gui/";

  /**
   * What a page of the GUI may load: only this origin's scripts, styles and API, no framing. A
   * token kept in the tab's session storage is only as safe as the scripts that run beside it.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'";

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/gui", "/gui/");
    // The resource handler has no file for an empty path: the app's root is its index.html.
    registry.addViewController("/gui/").setViewName("forward:/gui/index.html");
  }

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    // Bundles are named by their content hash: cached for good. Everything else, index.html
    // first, is checked on every load so a new build shows at once.
    registry
        .addResourceHandler("/gui/assets/**")
        .addResourceLocations(LOCATION + "assets/")
        .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    registry
        .addResourceHandler("/gui/**")
        .addResourceLocations(LOCATION)
        .setCacheControl(CacheControl.noCache())
        .resourceChain(true)
        .addResolver(new SinglePageResolver());
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new SecurityHeaders()).addPathPatterns("/gui", "/gui/**");
  }

  /** A file of the app when there is one; the app's index.html for a route of its router. */
  static final class SinglePageResolver extends PathResourceResolver {
    @Override
    protected Resource getResource(String resourcePath, Resource location) throws IOException {
      Resource file = super.getResource(resourcePath, location);
      if (file != null) {
        return file;
      }
      // A missing file (a name with an extension) stays a 404; anything else is a page.
      String last = resourcePath.substring(resourcePath.lastIndexOf('/') + 1);
      if (last.contains(".")) {
        return null;
      }
      Resource index = new ClassPathResource("META-INF/meridian-gui/index.html");
      return index.isReadable() ? index : null;
    }
  }

  static final class SecurityHeaders implements HandlerInterceptor {
    @Override
    public boolean preHandle(
        HttpServletRequest request, HttpServletResponse response, Object handler) {
      response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Referrer-Policy", "same-origin");
      return true;
    }
  }
}

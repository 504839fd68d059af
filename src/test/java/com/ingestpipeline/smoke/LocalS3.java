package com.ingestpipeline.smoke;

import com.adobe.testing.s3mock.S3MockApplication;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** S3Mock on 127.0.0.1, started once per test JVM (several seconds) and stopped at exit. */
final class LocalS3 {
    static final String HOST = "127.0.0.1";
    private static LocalS3 instance;
    private final S3MockApplication app;

    private LocalS3(S3MockApplication app) {
        this.app = app;
    }

    static synchronized LocalS3 get() {
        if (instance == null) {
            // Spring Boot would otherwise take over logging for the whole test JVM.
            System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
            Map<String, Object> props = new HashMap<>();
            props.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
            props.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
            props.put("server.address", HOST);
            props.put(S3MockApplication.PROP_SILENT, true);
            props.put("spring.main.banner-mode", "off");
            try {
                props.put(S3MockApplication.PROP_ROOT_DIRECTORY, Files.createTempDirectory("s3mock").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            S3MockApplication app = S3MockApplication.start(props);
            Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "s3mock-stop"));
            instance = new LocalS3(app);
        }
        return instance;
    }

    S3Client client() {
        return S3Client.builder().endpointOverride(URI.create("http://" + HOST + ":" + app.getHttpPort()))
            .forcePathStyle(true).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * Binds S3Mock's extra plain-HTTP connector to 127.0.0.1: S3Mock creates it itself and ignores
     * {@code server.address}, so it would otherwise listen on every interface. Registered in
     * {@code META-INF/spring.factories} because S3Mock's starter does not pass initializers through.
     */
    public static final class LoopbackInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            if (context instanceof GenericApplicationContext generic) {
                generic.registerBean("loopbackConnectors", LoopbackCustomizer.class, LoopbackCustomizer::new);
            }
        }
    }

    /** Sets the address of every additional Tomcat connector before the server starts. */
    public static final class LoopbackCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            for (Connector connector : factory.getAdditionalTomcatConnectors()) {
                connector.setProperty("address", HOST);
            }
        }
    }
}

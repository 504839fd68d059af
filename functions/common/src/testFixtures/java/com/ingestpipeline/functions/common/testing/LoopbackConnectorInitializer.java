package com.ingestpipeline.functions.common.testing;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Binds S3Mock's extra plain-HTTP Tomcat connector to 127.0.0.1. S3Mock creates that connector itself and ignores
 * {@code server.address}, so without this the test S3 server would listen on every interface of the machine.
 * Registered in this test-jar's {@code META-INF/spring.factories} (S3Mock's builder does not pass
 * {@code context.initializer.classes} through), so it applies to the S3Mock started by {@link TestS3}.
 */
public final class LoopbackConnectorInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (context instanceof GenericApplicationContext generic) {
            generic.registerBean("loopbackConnectors", LoopbackCustomizer.class, LoopbackCustomizer::new);
        }
    }

    /** Runs once the web server factory (with S3Mock's additional connector) exists, before the server starts. */
    public static final class LoopbackCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            for (Connector connector : factory.getAdditionalTomcatConnectors()) {
                connector.setProperty("address", TestS3.HOST);
            }
        }
    }
}

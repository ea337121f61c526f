// The same build as pom.xml: Java 17, FairTune and an SLF4J binding, and a `run` task.
//   gradle run                                                       (MeasurePredictions)
//   gradle run -PmainClass=dev.fairtune.examples.TargetAGap -Pargs="200 1"
plugins {
    java
    application
}

repositories {
    mavenLocal()      // the library, after `mvn install -DskipTests` in the folder above
    mavenCentral()    // DJL, the PyTorch natives and everything else
}

dependencies {
    implementation("dev.fairtune:fairtune:0.1.0-SNAPSHOT")
    // The library logs through SLF4J and binds no logger; a program picks one.
    runtimeOnly("org.slf4j:slf4j-simple:2.0.17")
}

tasks.withType<JavaCompile>().configureEach {
    options.release.set(17)
    options.compilerArgs.add("-Xlint:all")
}

application {
    mainClass.set(providers.gradleProperty("mainClass").orElse("dev.fairtune.examples.MeasurePredictions"))
}

tasks.named<JavaExec>("run") {
    // relative paths (data/predictions.csv, target/...) are read from this folder, as with Maven
    workingDir = projectDir
    // everything comes from Maven Central; nothing is downloaded at run time
    systemProperty("ai.djl.offline", "true")
    providers.gradleProperty("args").orNull?.let { args(it.split(" ").filter(String::isNotBlank)) }
}

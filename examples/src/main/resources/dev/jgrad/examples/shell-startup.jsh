// What ./jgrad shell loads before the first prompt (and TutorialTest before the tutorial):
// jshell's default imports, then jgrad's packages.
import java.io.*;
import java.math.*;
import java.net.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.function.*;
import java.util.prefs.*;
import java.util.regex.*;
import java.util.stream.*;
import dev.jgrad.autograd.*;
import dev.jgrad.autograd.viz.*;
import dev.jgrad.nn.*;
import dev.jgrad.nn.data.*;
import dev.jgrad.nn.optim.*;
import dev.jgrad.nn.train.*;
// Names that two of the packages above share: jgrad's win.
import dev.jgrad.autograd.Function;
import dev.jgrad.nn.Module;

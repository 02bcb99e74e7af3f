/*
 * implant-edu-widgets-in-rise: ipywidgets that work in jupyterlab_rise slides.
 *
 * 1. The widget manager loads. jupyterlab_rise 0.43.1 presents a notebook in
 *    its own small app, whose module-federation share scope has no
 *    "@jupyterlab/console" (it has no console). The ipywidgets manager
 *    (@jupyter-widgets/jupyterlab-manager 5.x) imports that package only for
 *    IConsoleTracker, an *optional* plugin token, yet the missing shared
 *    module stops the whole manager from loading: "Shared module
 *    @jupyterlab/console doesn't exist in shared scope default"
 *    (jupyterlab-contrib/rise#119), and no widget renders in the slides.
 *    Every JupyterLab-style app initialises all federated extensions with its
 *    share scope before it loads any of their plugins. When that scope has no
 *    "@jupyterlab/console", init() below adds one whose only export is an
 *    IConsoleTracker token that no plugin provides, so the manager activates
 *    with no console tracker, as in any app without consoles. In JupyterLab
 *    itself the package is there and init() does nothing.
 *
 * 2. A focused widget keeps its keys. In the notebook, the command-mode
 *    shortcuts take the arrow keys from a focused radio button or drop-down
 *    (the cell selection moves instead of the answer): every widget control
 *    opts out of them as below. On a slide, two listeners take keys
 *    from a focused slider: the app's shortcuts (the notebook's command-mode
 *    ArrowRight, RISE's Home and End), which listen on the document in the
 *    capture phase, and reveal.js, which listens on the document in the
 *    bubble phase and takes the arrow keys and Space. So the slide changed
 *    instead of the slider. For a keydown from inside a widget on a slide,
 *    the plugin below marks the focused element with data-lm-suppress-shortcuts
 *    (Lumino's own opt-out, checked before the shortcuts run), and stops the
 *    event on <body>, after the widget has handled it and before reveal.js
 *    sees it. Escape hands the keys back: it leaves the widget, and the next
 *    arrow key changes the slide again.
 *
 * 3. Slider handles get names. ipywidgets 8 draws slider handles (noUiSlider)
 *    with role="slider" but no accessible name, so a screen reader says only
 *    "slider" (axe-core: aria-input-field-name, serious). The plugin below
 *    names each handle after its widget's visible label, now and whenever
 *    widgets are drawn later. On a phone-narrow screen the pictures scroll
 *    sideways (course.css): markScrollingPictures makes each such region
 *    focusable and named while it scrolls. The offline handouts inline both
 *    functions (the text between the slider-names markers), so there is one
 *    copy.
 *
 * 4. The course style. course.css beside this file (underlined links, a
 *    chosen toggle button that stands out, widget text spaced like the
 *    lesson, visible focus) is linked into the page once.
 *
 * 5. Projector mode and phones get the whole width. When the lesson's
 *    projector style sheet is in the page (it carries an element with class
 *    ie-projector-on), or the window is phone-narrow when JupyterLab opens,
 *    the side panels are collapsed so that the pictures, and their labels,
 *    grow to the width of the screen.
 *
 * Hand-written (no build step): a federated extension is a script that puts
 * {init, get} under its name in window._JUPYTERLAB.
 */
var _JUPYTERLAB;
(function () {
  "use strict";
  var SHARE_KEY = "@jupyterlab/console";
  var TOKEN_NAME = "@jupyterlab/console:IConsoleTracker";
  var FROM = "implant-edu-widgets-in-rise";
  var WIDGET_ON_SLIDE = ".reveal .jupyter-widgets";

  function widgetOnSlide(event) {
    var target = event.target;
    return target instanceof Element ? target.closest(WIDGET_ON_SLIDE) : null;
  }

  // A control of a widget, in a slide or in the notebook itself.
  var WIDGET_CONTROL =
    ".jupyter-widgets input, .jupyter-widgets select, .jupyter-widgets button," +
    " .jupyter-widgets [tabindex]";

  function suppressAppShortcuts(event) {
    // On the focused element itself: Lumino checks each element from the
    // target up for the attribute *before* it tries the shortcut selectors on
    // it, and the notebook's selectors end in ":focus", which the target
    // itself matches. In the notebook too: its command-mode ArrowUp/Down
    // would otherwise move the cell selection away from a focused radio
    // button instead of choosing the next answer.
    var target = event.target;
    var control = target instanceof Element && target.matches(WIDGET_CONTROL);
    if ((control || widgetOnSlide(event)) && !target.hasAttribute("data-lm-suppress-shortcuts")) {
      target.setAttribute("data-lm-suppress-shortcuts", "true");
    }
  }

  function keepKeysFromSlides(event) {
    if (!widgetOnSlide(event)) {
      return;
    }
    if (event.key === "Escape" && typeof event.target.blur === "function") {
      event.target.blur();
    }
    event.stopPropagation();
  }

  /* slider-names:begin */
  function nameSliderHandles(root) {
    var pending = false;
    function nameHandles() {
      pending = false;
      root.querySelectorAll('.noUi-handle[role="slider"]:not([aria-label])')
        .forEach(function (handle) {
          var box = handle.closest(".widget-slider, .widget-hslider, .widget-inline-hbox");
          var label = box && box.querySelector(".widget-label");
          var name = label && label.textContent.trim();
          if (name) {
            handle.setAttribute("aria-label", name);
          }
        });
    }
    new MutationObserver(function () {
      if (!pending) {
        pending = true;
        requestAnimationFrame(nameHandles);
      }
    }).observe(root, { childList: true, subtree: true });
    nameHandles();
  }

  /* Pictures that scroll sideways on a narrow screen (course.css) are places
     the keyboard can reach and scroll: focusable and named while they scroll
     (a named group, not a landmark: a page may hold several), plain again
     when they fit. Checked when the page changes (a frame shown
     by a time control changes a class) and when the window is resized. */
  // The phone width of course.css's @media rule: narrower, pictures scroll
  // sideways and a side panel would leave the lesson too little width to read.
  var PHONE_WIDTH_PX = 700;

  function phoneNarrow() {
    return window.matchMedia("(max-width: " + PHONE_WIDTH_PX + "px)").matches;
  }

  function markScrollingPictures(root) {
    var pending = false;
    var marked = 0; // regions marked now
    function mark() {
      pending = false;
      marked = 0;
      root.querySelectorAll(".ie-pictures, .ie-curve-box").forEach(function (region) {
        var scrolls = region.scrollWidth > region.clientWidth + 1;
        var marked = region.hasAttribute("data-ie-scrolls");
        if (scrolls && !marked) {
          region.setAttribute("data-ie-scrolls", "");
          region.setAttribute("tabindex", "0");
          region.setAttribute("role", "group");
          region.setAttribute("aria-label", "Pictures: scroll sideways to see all of them");
        } else if (!scrolls && marked) {
          ["data-ie-scrolls", "tabindex", "role", "aria-label"].forEach(function (name) {
            region.removeAttribute(name);
          });
        }
        if (region.hasAttribute("data-ie-scrolls")) {
          marked += 1;
        }
      });
    }
    function later() {
      // On a wide screen nothing scrolls (the @media rule is off): no layout
      // reads on every change of the page, unless a region is still marked
      // from a narrower window.
      if (!pending && (phoneNarrow() || marked > 0)) {
        pending = true;
        requestAnimationFrame(mark);
      }
    }
    new MutationObserver(later).observe(root, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["class", "style"]
    });
    window.addEventListener("resize", later);
    mark();
  }
  /* slider-names:end */

  var sliderNamesPlugin = {
    id: FROM + ":slider-names",
    description:
      "Slider handles are named after their labels; pictures that scroll sideways can be reached by keyboard.",
    autoStart: true,
    activate: function () {
      nameSliderHandles(document.body);
      markScrollingPictures(document.body);
    }
  };

  // Where this file was loaded from: course.css sits beside it.
  var HERE =
    typeof document !== "undefined" && document.currentScript ? document.currentScript.src : null;

  var courseStylePlugin = {
    id: FROM + ":course-style",
    description: "The course's own style sheet (course.css beside this file).",
    autoStart: true,
    activate: function () {
      if (!HERE || document.querySelector("link[data-implant-edu-style]")) {
        return;
      }
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = new URL("course.css", HERE).href;
      link.setAttribute("data-implant-edu-style", "");
      document.head.appendChild(link);
    }
  };

  var projectorPlugin = {
    id: FROM + ":projector",
    description:
      "Projector mode, and a phone-width screen, collapse the side panels: the lesson gets the screen.",
    autoStart: true,
    activate: function (app) {
      function collapseSidePanels() {
        if (app.shell && typeof app.shell.collapseLeft === "function") {
          app.shell.collapseLeft();
          app.shell.collapseRight();
        }
      }
      var on = false;
      function check() {
        var now = !!document.querySelector(".ie-projector-on");
        if (now && !on) {
          collapseSidePanels();
        }
        on = now;
      }
      new MutationObserver(check).observe(document.body, { childList: true, subtree: true });
      // On a phone the file browser would take half the screen: after the
      // layout is restored (which reopens it), the lesson gets the width.
      // The student can still open the panels from the side bar.
      if (app.restored && phoneNarrow()) {
        app.restored.then(collapseSidePanels);
      }
    }
  };

  var slideKeysPlugin = {
    id: FROM + ":slide-keys",
    description: "Keys pressed in a widget on a reveal.js slide stay with the widget.",
    autoStart: true,
    activate: function () {
      // window, capture: runs before the app's shortcut listener on the document.
      window.addEventListener("keydown", suppressAppShortcuts, true);
      // <body>, bubble: after the widget's own handlers, before reveal.js.
      document.body.addEventListener("keydown", keepKeysFromSlides, false);
    }
  };

  function newestVersion(versions) {
    return Object.keys(versions).sort(function (a, b) {
      var pa = a.split(/[.+-]/).map(Number);
      var pb = b.split(/[.+-]/).map(Number);
      for (var i = 0; i < Math.max(pa.length, pb.length); i++) {
        var d = (pa[i] || 0) - (pb[i] || 0);
        if (d) return d;
      }
      return 0;
    }).pop();
  }

  function consoleModule(shareScope) {
    // The token is a real Lumino Token from the app's own @lumino/coreutils,
    // so it behaves like every other token the app knows.
    var coreutils = shareScope["@lumino/coreutils"];
    var entry = coreutils[newestVersion(coreutils)];
    return Promise.resolve(entry.get()).then(function (factory) {
      var Token = factory().Token;
      var exports = {
        IConsoleTracker: new Token(
          TOKEN_NAME,
          "Stand-in from " + FROM + ": this app has no consoles."
        )
      };
      return function () {
        return exports;
      };
    });
  }

  var ns = (_JUPYTERLAB = typeof _JUPYTERLAB === "undefined" ? {} : _JUPYTERLAB);
  ns[FROM] = {
    init: function (shareScope) {
      if (!shareScope || Object.prototype.hasOwnProperty.call(shareScope, SHARE_KEY)) {
        return;
      }
      if (!shareScope["@lumino/coreutils"]) {
        return;
      }
      shareScope[SHARE_KEY] = {
        "0.0.0": {
          from: FROM,
          eager: false,
          get: function () {
            return consoleModule(shareScope);
          }
        }
      };
    },
    get: function (module) {
      if (module !== "./extension") {
        return Promise.reject(new Error(FROM + " has no module " + module));
      }
      return Promise.resolve(function () {
        return { __esModule: true, default: [slideKeysPlugin, sliderNamesPlugin, courseStylePlugin, projectorPlugin] };
      });
    }
  };
})();

/*
 * charts.js — the one script that draws every chart on the dashboard.
 *
 * Contract (what templates render):
 *
 *   <div id="gap-chart" class="app-chart" data-chart="gap-chart-data" data-filename="gap-by-ethnicity"></div>
 *   {{ figure|json_script:"gap-chart-data" }}        <- {"data": [...], "layout": {...}, "config"?: {...}}
 *   <button type="button" class="govuk-button govuk-button--secondary"
 *           data-chart-download="svg" data-chart-target="gap-chart" hidden>Download chart (SVG)</button>
 *   ...and the chart's data table, always visible, beside it.
 *
 * - data-chart: the id of a <script type="application/json"> element holding a Plotly figure.
 * - data-filename (optional): base name for downloaded images (default "chart").
 * - data-image-title, data-image-credit (optional): printed above and below a downloaded image
 *   (the chart's title; its source, place and release), so an image copied into a document
 *   still says what it shows and where it comes from. Plotly's own camera button is replaced
 *   by one that does the same.
 * - data-chart-download ("svg" | "png") + data-chart-target (the chart element's id): a download
 *   button. Render it with `hidden`; it is shown only once its chart has been drawn, so people
 *   without JavaScript (or when plotly.js fails to load) never see a button that does nothing.
 * - After drawing, the chart element gets the class "app-chart--drawn". If plotly.js is missing
 *   it gets "app-chart--unavailable" and the data table alone carries the data.
 *
 * Runs on DOMContentLoaded and, for content that htmx swaps in, from htmx.onLoad. Charts are
 * purged (Plotly.purge) just before htmx removes them, so swaps do not leak plots or listeners.
 * No eval, no inline scripts or styles created: works under a CSP without 'unsafe-inline'.
 */
(function () {
  "use strict";

  var DRAWN = "app-chart--drawn";
  var UNAVAILABLE = "app-chart--unavailable";
  var REMOVE_BUTTONS = ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"];

  function plotly() {
    return typeof window.Plotly === "object" && window.Plotly !== null && typeof window.Plotly.newPlot === "function"
      ? window.Plotly
      : null;
  }

  function chartsIn(root) {
    var found = [];
    if (!root || typeof root.querySelectorAll !== "function") {
      return found;
    }
    if (root.matches && root.matches("[data-chart]")) {
      found.push(root);
    }
    Array.prototype.push.apply(found, root.querySelectorAll("[data-chart]"));
    return found;
  }

  function readFigure(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source) {
      throw new Error("charts.js: no element with id \"" + el.getAttribute("data-chart") + "\" holds the figure for #" + el.id);
    }
    var figure = JSON.parse(source.textContent);
    if (!figure || !Array.isArray(figure.data)) {
      throw new Error("charts.js: the figure in #" + source.id + " has no data array");
    }
    return figure;
  }

  // Plotly draws a subset of HTML in titles: text from the page goes in escaped.
  function escapeText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // Plotly never wraps a title: break it into lines of about `width` characters.
  function wrapText(text, width) {
    var lines = [];
    String(text).split(/\s+/).forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && lines[last].length + 1 + word.length <= width) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
    });
    return lines.map(escapeText).join("<br>");
  }

  // The chart as a figure for an image: its title above, its credit below, the page's layout.
  function imageFigure(el) {
    var title = el.getAttribute("data-image-title") || "";
    var credit = el.getAttribute("data-image-credit") || "";
    var layout = JSON.parse(JSON.stringify(el.layout || {}));
    // Characters per line for the image's width: about 10 px a character at 18 px, 7 at 12 px.
    var width = el._fullLayout ? el._fullLayout.width : 640;
    var titleLines = title ? wrapText(title, Math.max(30, Math.floor((width - 40) / 10))) : "";
    var creditLines = credit ? wrapText(credit, Math.max(40, Math.floor((width - 40) / 7))) : "";
    var top = 30 + 24 * (titleLines ? titleLines.split("<br>").length : 0);
    var bottom = 18 * (creditLines ? creditLines.split("<br>").length : 0);
    var margin = layout.margin || {};
    layout.margin = {
      l: margin.l || 64,
      r: margin.r || 16,
      t: (margin.t || 16) + top,
      b: (margin.b || 64) + bottom + 20
    };
    layout.height = (el._fullLayout ? el._fullLayout.height : layout.height || 420) + top + bottom + 20;
    layout.width = width;
    if (titleLines) {
      layout.title = {
        text: "<b>" + titleLines + "</b>",
        x: 0,
        xref: "paper",
        xanchor: "left",
        // Plotly anchors a title of several lines by its first line's baseline.
        y: 1 - 34 / layout.height,
        yref: "container",
        yanchor: "bottom",
        font: { size: 18 }
      };
    }
    if (creditLines) {
      layout.annotations = (layout.annotations || []).concat([{
        text: creditLines,
        xref: "paper",
        yref: "paper",
        x: 0,
        y: 0,
        xanchor: "left",
        yanchor: "top",
        yshift: -((margin.b || 64) + 8),
        align: "left",
        showarrow: false,
        font: { size: 12, color: "#505a5f" }
      }]);
    }
    return { data: el.data, layout: layout, config: { staticPlot: true } };
  }

  function downloadImage(el, format) {
    var P = plotly();
    if (!P) {
      return;
    }
    P.downloadImage(imageFigure(el), {
      format: format,
      filename: el.getAttribute("data-filename") || "chart",
      width: el._fullLayout ? el._fullLayout.width : undefined
    });
  }

  function configFor(el, figure) {
    var P = plotly();
    var config = {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: REMOVE_BUTTONS.concat(["toImage"]),
      modeBarButtonsToAdd: [{
        name: "downloadImage",
        title: "Download the chart as a PNG image, with its title and source",
        icon: P && P.Icons ? P.Icons.camera : undefined,
        click: function () {
          downloadImage(el, "png");
        }
      }]
    };
    var extra = figure.config || {};
    Object.keys(extra).forEach(function (key) {
      config[key] = extra[key];
    });
    return config;
  }

  function buttonsFor(el) {
    if (!el.id) {
      return [];
    }
    return Array.prototype.filter.call(document.querySelectorAll("[data-chart-download][data-chart-target]"), function (button) {
      return button.getAttribute("data-chart-target") === el.id;
    });
  }

  var drawing = typeof WeakSet === "function" ? new WeakSet() : null;

  function draw(el) {
    if (drawing && drawing.has(el)) {
      return;
    }
    if (el.classList.contains(DRAWN)) {
      if (el._fullLayout) {
        return; // already drawn and live
      }
      // Markup of a drawn chart without its Plotly state, e.g. restored from htmx's history
      // cache: clear it and draw afresh.
      el.classList.remove(DRAWN, "js-plotly-plot");
      el.textContent = "";
    }
    var P = plotly();
    if (!P) {
      el.classList.add(UNAVAILABLE);
      return;
    }
    var figure;
    try {
      figure = readFigure(el);
    } catch (error) {
      el.classList.add(UNAVAILABLE);
      console.error(error);
      return;
    }
    if (drawing) {
      drawing.add(el);
    }
    Promise.resolve()
      .then(function () {
        return P.newPlot(el, figure.data, figure.layout || {}, configFor(el, figure));
      })
      .then(function () {
        if (drawing) {
          drawing.delete(el);
        }
        el.classList.remove(UNAVAILABLE);
        el.classList.add(DRAWN);
        buttonsFor(el).forEach(function (button) {
          button.hidden = false;
        });
      })
      .catch(function (error) {
        if (drawing) {
          drawing.delete(el);
        }
        el.classList.add(UNAVAILABLE);
        console.error("charts.js: could not draw #" + el.id, error);
      });
  }

  function drawAll(root) {
    chartsIn(root || document).forEach(draw);
  }

  function purge(el) {
    var P = plotly();
    if (P && el.classList.contains(DRAWN)) {
      P.purge(el);
      el.classList.remove(DRAWN);
    }
  }

  // One delegated listener serves every download button, including ones htmx swaps in later.
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-chart-download]") : null;
    if (!button) {
      return;
    }
    var el = document.getElementById(button.getAttribute("data-chart-target") || "");
    var P = plotly();
    if (!el || !P || !el.classList.contains(DRAWN)) {
      return;
    }
    event.preventDefault();
    downloadImage(el, button.getAttribute("data-chart-download") === "svg" ? "svg" : "png");
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      drawAll(document);
    });
  } else {
    drawAll(document);
  }

  if (window.htmx) {
    window.htmx.onLoad(function (elt) {
      drawAll(elt);
    });
    // htmx fires htmx:beforeCleanupElement on every element it is about to remove (any swap
    // style, out-of-band swaps included) and only when a swap really happens, so a plot is
    // purged exactly when its element goes. (htmx:beforeSwap fires even for responses that
    // are then not swapped, e.g. errors, which would leave a blank chart behind.)
    document.addEventListener("htmx:beforeCleanupElement", function (event) {
      if (event.target instanceof Element && event.target.matches("[data-chart]")) {
        purge(event.target);
      }
    });
  }
})();

<?xml version="1.0" encoding="UTF-8"?>
<!--
  HOW the HTML edition shows each behaviour of xslt/common/behaviours.xsl (mode h:text), and the notes
  and the entity index that go with it. Every name in $tb:all has a template here
  (tests/test_behaviours.py). Editorial signs that are not text of the edition ([sic], line and page
  markers, brackets) come from CSS, so copying or searching a sentence gets the text alone.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tb="urn:teiedit:behaviours"
    xmlns:tc="urn:teiedit:common"
    xmlns:tr="urn:teiedit:reading"
    xmlns:h="urn:teiedit:html"
    exclude-result-prefixes="#all">

  <!-- body text: every element by its behaviour -->
  <xsl:mode name="h:text" on-no-match="shallow-skip"/>
  <!-- the text of a note, in the notes section -->
  <xsl:mode name="h:note-body" on-no-match="fail"/>
  <!-- one entry of the entity index (standOff listPerson, listPlace, listOrg …) -->
  <xsl:mode name="h:entity" on-no-match="fail"/>

  <!-- Priorities: every element has exactly one behaviour, so no two templates of this mode match the same
       element and a priority changes nothing but the order in which Saxon tries the patterns (each try calls
       tb:behaviour). The common behaviours (sentence, paragraph, then a division's opening) come first:
       a page then takes a third less time. -->

  <!-- behaviours that make a block; a paragraph holding one becomes a div, since HTML's <p> cannot -->
  <xsl:variable name="h:block-behaviours" as="xs:string+"
      select="('division', 'paragraph', 'list', 'table', 'verse-group', 'block-quote', 'figure')"/>

  <!-- true inside running text (sentence, paragraph, heading), where only phrasing HTML may go -->
  <xsl:function name="h:in-phrase" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/ancestor::tei:s | $el/ancestor::tei:p | $el/ancestor::tei:head
                          | $el/ancestor::tei:l | $el/ancestor::tei:item | $el/ancestor::tei:cell)"/>
  </xsl:function>

  <xsl:function name="h:is-zh" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <!-- the nearest xml:lang (a [1] on the ancestor axis stops at the first one found) -->
    <xsl:sequence select="starts-with($n/ancestor-or-self::*[@xml:lang][1]/@xml:lang, 'zh')"/>
  </xsl:function>

  <!-- the element name as a class: tei-persName -->
  <xsl:function name="h:class" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="'tei-' || tc:css-token(local-name($el))"/>
  </xsl:function>

  <!-- common attributes: id, lang of a foreign stretch, rend tokens as classes -->
  <xsl:template name="h:common-attributes">
    <xsl:param name="extra-class" as="xs:string?" select="()"/>
    <xsl:if test="@xml:id">
      <xsl:attribute name="id" select="@xml:id"/>
    </xsl:if>
    <xsl:if test="@xml:lang and tc:lang-tag(@xml:lang) != ''">
      <xsl:attribute name="lang" select="tc:lang-tag(@xml:lang)"/>
    </xsl:if>
    <xsl:attribute name="class" select="string-join((h:class(.), $extra-class,
        for $r in tokenize(normalize-space(@rend), ' ') return 'rend-' || tc:css-token($r)), ' ')"/>
  </xsl:template>

  <!-- ===== text ===== -->

  <!-- indentation between elements: nothing in Chinese, one space in English -->
  <xsl:template match="text()[not(normalize-space())]" mode="h:text">
    <xsl:if test="not(h:is-zh(.)) and preceding-sibling::node() and following-sibling::node()
                  and not(parent::tei:list or parent::tei:table or parent::tei:row or parent::tei:lg)">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- line breaks of an encoder's indentation inside Chinese text are not spaces. (The regular
       expressions are the costly part of a page; most text needs neither, hence the contains() tests.) -->
  <xsl:template match="text()" mode="h:text">
    <xsl:value-of select="
      if (h:is-zh(.)) then (if (contains(., '&#10;')) then replace(., '\s*\n\s*', '') else string(.))
      else if (contains(., '  ') or contains(., '&#10;') or contains(., '&#9;') or contains(., '&#13;'))
      then replace(., '\s+', ' ') else string(.)"/>
  </xsl:template>

  <!-- ===== structure ===== -->

  <xsl:template match="*[tb:behaviour(.) = 'division']" mode="h:text" priority="1.5">
    <section>
      <xsl:call-template name="h:common-attributes"/>
      <xsl:apply-templates mode="h:text"/>
    </section>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'heading']" mode="h:text" priority="1.5">
    <xsl:element name="{if (h:in-phrase(.) and not(parent::tei:div)) then 'span' else 'div'}">
      <xsl:call-template name="h:common-attributes">
        <xsl:with-param name="extra-class" select="if (@type = 'sub') then 'subtitle' else ()"/>
      </xsl:call-template>
      <xsl:if test="parent::tei:div and not(@type = 'sub')">
        <xsl:attribute name="role" select="'heading'"/>
        <xsl:attribute name="aria-level" select="count(ancestor::tei:div) + 1"/>
      </xsl:if>
      <xsl:apply-templates mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'byline']" mode="h:text" priority="1.5">
    <xsl:element name="{if (h:in-phrase(.)) then 'span' else 'p'}">
      <xsl:call-template name="h:common-attributes"/>
      <xsl:apply-templates mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'author']" mode="h:text" priority="1.5">
    <span>
      <xsl:call-template name="h:common-attributes"/>
      <xsl:apply-templates mode="h:text"/>
    </span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'paragraph']" mode="h:text" priority="2">
    <xsl:variable name="p" select="."/>
    <!-- (a paragraph of sentences alone, the common case, needs no behaviour lookups) -->
    <xsl:variable name="holds-block" select="exists(descendant::*[not(self::tei:s)][tb:behaviour(.) = $h:block-behaviours]
        [empty(ancestor::tei:note except $p/ancestor::tei:note)])"/>
    <xsl:element name="{if ($holds-block or h:in-phrase(.)) then 'div' else 'p'}">
      <xsl:call-template name="h:common-attributes">
        <xsl:with-param name="extra-class" select="'p'"/>
      </xsl:call-template>
      <xsl:apply-templates mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <!-- a sentence: a focusable target carrying the ids of the sentences aligned with it -->
  <xsl:template match="*[tb:behaviour(.) = 'sentence']" mode="h:text" priority="3">
    <span tabindex="0">
      <xsl:call-template name="h:common-attributes">
        <xsl:with-param name="extra-class" select="'s'"/>
      </xsl:call-template>
      <xsl:if test="@xml:id">
        <xsl:variable name="linked" select="tc:linked-ids(.)"/>
        <xsl:attribute name="data-links" select="string-join($linked, ' ')"/>
        <xsl:variable name="bead" select="tc:link-type(.)"/>
        <xsl:if test="$bead != ''">
          <xsl:attribute name="data-bead" select="$bead"/>
        </xsl:if>
        <!-- what "Cite this sentence" and copied quotations quote: the reading text (reading.xsl) -->
        <xsl:attribute name="data-reading" select="tr:reading-text(.)"/>
        <xsl:variable name="cert" select="tc:link-cert(.)"/>
        <xsl:if test="tc:link-reviewed(.)">
          <xsl:attribute name="data-reviewed" select="'true'"/>
        </xsl:if>
        <xsl:if test="exists($cert) and not(tc:link-reviewed(.))">
          <xsl:attribute name="data-cert" select="$cert"/>
        </xsl:if>
      </xsl:if>
      <xsl:apply-templates mode="h:text"/>
    </span>
  </xsl:template>

  <!-- ===== notes ===== -->

  <xsl:function name="h:note-number" as="xs:integer">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="div" select="$note/ancestor::tei:div[parent::tei:body][1]"/>
    <xsl:sequence select="count($note/preceding::tei:note[ancestor::tei:div[parent::tei:body][1] is $div]
                                [empty(ancestor::tei:note)]) + 1"/>
  </xsl:function>

  <xsl:function name="h:note-id" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="if ($note/@xml:id) then string($note/@xml:id)
        else ($note/ancestor::tei:div[parent::tei:body][1]/@xml:id, 'text')[1] || '-note' || h:note-number($note)"/>
  </xsl:function>

  <xsl:template match="*[tb:behaviour(.) = 'note']" mode="h:text">
    <xsl:variable name="n" select="h:note-number(.)"/>
    <a class="noteref" href="#{h:note-id(.)}" id="ref-{h:note-id(.)}" role="doc-noteref"
       aria-label="note {$n}">
      <xsl:value-of select="$n"/>
    </a>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'note']" mode="h:note-body">
    <li id="{h:note-id(.)}" value="{h:note-number(.)}">
      <xsl:if test="@xml:lang and tc:lang-tag(@xml:lang) != ''">
        <xsl:attribute name="lang" select="tc:lang-tag(@xml:lang)"/>
      </xsl:if>
      <span class="note-text"><xsl:apply-templates mode="h:text"/></span>
      <xsl:text> </xsl:text>
      <a class="note-back" href="#ref-{h:note-id(.)}" aria-label="back to the text">↩</a>
    </li>
  </xsl:template>

  <!-- ===== phrases ===== -->

  <xsl:template match="*[tb:behaviour(.) = 'emphasis']" mode="h:text">
    <em><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></em>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'highlight']" mode="h:text">
    <xsl:variable name="rend" select="tokenize(lower-case(normalize-space(@rend)), ' ')"/>
    <xsl:element name="{if ($rend = ('sup', 'superscript')) then 'sup'
                         else if ($rend = ('sub', 'subscript')) then 'sub' else 'span'}">
      <xsl:call-template name="h:common-attributes"/>
      <xsl:apply-templates mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'foreign']" mode="h:text">
    <span><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'bibl-part']" mode="h:text">
    <span><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'term']" mode="h:text">
    <span><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></span>
  </xsl:template>

  <!-- names: linked to their @ref (a URL, or an entry of the standOff entity index) when safe -->
  <xsl:template match="*[tb:behaviour(.) = 'name']" mode="h:text">
    <xsl:variable name="href" select="tc:safe-url(tc:first-pointer(@ref))"/>
    <xsl:element name="{if ($href != '') then 'a' else 'span'}">
      <xsl:call-template name="h:common-attributes">
        <xsl:with-param name="extra-class" select="'name'"/>
      </xsl:call-template>
      <xsl:if test="$href != ''">
        <xsl:attribute name="href" select="$href"/>
      </xsl:if>
      <xsl:apply-templates mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'date']" mode="h:text">
    <xsl:variable name="when" select="(@when, @from)[1]"/>
    <xsl:element name="{if (matches($when, '^-?\d{4}(-\d\d(-\d\d)?)?$')) then 'time' else 'span'}">
      <xsl:call-template name="h:common-attributes"/>
      <xsl:if test="matches($when, '^-?\d{4}(-\d\d(-\d\d)?)?$')">
        <xsl:attribute name="datetime" select="$when"/>
      </xsl:if>
      <xsl:apply-templates mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'number']" mode="h:text">
    <span>
      <xsl:call-template name="h:common-attributes"/>
      <xsl:if test="@quantity or @value">
        <xsl:attribute name="data-value" select="(@value, @quantity)[1] || (if (@unit) then ' ' || @unit else '')"/>
      </xsl:if>
      <xsl:apply-templates mode="h:text"/>
    </span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'title']" mode="h:text">
    <cite><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></cite>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'quote']" mode="h:text">
    <span><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'block-quote']" mode="h:text">
    <xsl:element name="{if (h:in-phrase(.)) then 'span' else 'blockquote'}">
      <xsl:call-template name="h:common-attributes">
        <xsl:with-param name="extra-class" select="'block'"/>
      </xsl:call-template>
      <xsl:apply-templates mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'segment']" mode="h:text">
    <span><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'reference']" mode="h:text">
    <xsl:variable name="href" select="tc:safe-url(tc:first-pointer(@target))"/>
    <xsl:element name="{if ($href != '') then 'a' else 'span'}">
      <xsl:call-template name="h:common-attributes"/>
      <xsl:if test="$href != ''">
        <xsl:attribute name="href" select="$href"/>
      </xsl:if>
      <xsl:apply-templates mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <!-- a pointer has no text: show where it points -->
  <xsl:template match="*[tb:behaviour(.) = 'pointer']" mode="h:text">
    <xsl:variable name="target" select="tc:first-pointer(@target)"/>
    <xsl:variable name="href" select="tc:safe-url($target)"/>
    <xsl:element name="{if ($href != '') then 'a' else 'span'}">
      <xsl:call-template name="h:common-attributes"/>
      <xsl:if test="$href != ''">
        <xsl:attribute name="href" select="$href"/>
      </xsl:if>
      <xsl:value-of select="if ($target = '') then normalize-space(@target)
                            else if (starts-with($target, '#')) then '→' else $target"/>
    </xsl:element>
  </xsl:template>

  <!-- ===== editorial interventions ===== -->

  <!-- choice: the edited reading shows; the source's reading is shown on hover/focus (and kept in the text) -->
  <xsl:template match="*[tb:behaviour(.) = 'choice']" mode="h:text">
    <span tabindex="0">
      <xsl:call-template name="h:common-attributes"/>
      <xsl:variable name="shown" select="*[tb:behaviour(.) = ('correction', 'regularisation', 'expansion')]"/>
      <xsl:apply-templates select="if (exists($shown)) then $shown else *[1]" mode="h:text"/>
      <span class="choice-alt" role="note">
        <xsl:apply-templates select="* except (if (exists($shown)) then $shown else *[1])" mode="h:text"/>
      </span>
    </span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = ('sic', 'correction', 'original-form', 'regularisation',
                                             'abbreviation', 'expansion')]" mode="h:text" priority="1">
    <span>
      <xsl:call-template name="h:common-attributes">
        <xsl:with-param name="extra-class" select="if (parent::tei:choice) then () else 'alone'"/>
      </xsl:call-template>
      <xsl:if test="parent::tei:choice">
        <xsl:attribute name="data-label" select="
          map{'sic': 'as printed', 'corr': 'corrected', 'orig': 'original form', 'reg': 'regularised',
              'abbr': 'abbreviation', 'expan': 'expanded'}(local-name())"/>
      </xsl:if>
      <xsl:apply-templates mode="h:text"/>
    </span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'unclear']" mode="h:text">
    <span title="unclear{if (@reason) then ': ' || @reason else ''}">
      <xsl:call-template name="h:common-attributes"/>
      <xsl:apply-templates mode="h:text"/>
    </span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'gap']" mode="h:text">
    <span>
      <xsl:call-template name="h:common-attributes"/>
      <xsl:attribute name="title" select="string-join(('gap',
          (if (@quantity or @extent) then string-join((@quantity, @unit, @extent), ' ') else ()),
          (if (@reason) then '(' || @reason || ')' else ())), ' ')"/>
      <xsl:text>[…]</xsl:text>
    </span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'supplied']" mode="h:text">
    <span title="supplied by the editors{if (@reason) then ': ' || @reason else ''}">
      <xsl:call-template name="h:common-attributes"/>
      <xsl:apply-templates mode="h:text"/>
    </span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'deletion']" mode="h:text">
    <del><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></del>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'addition']" mode="h:text">
    <ins><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></ins>
  </xsl:template>

  <!-- ===== markers ===== -->

  <xsl:template match="*[tb:behaviour(.) = ('line-break', 'page-break', 'milestone')]" mode="h:text"
      priority="1">
    <span>
      <xsl:call-template name="h:common-attributes"/>
      <xsl:if test="@n">
        <xsl:attribute name="data-n" select="@n"/>
      </xsl:if>
      <xsl:if test="@unit">
        <xsl:attribute name="data-unit" select="@unit"/>
      </xsl:if>
      <xsl:attribute name="title" select="string-join((
          map{'lb': 'line break', 'pb': 'page break', 'milestone': 'milestone'}(local-name()),
          @unit, @n), ' ')"/>
    </span>
  </xsl:template>

  <!-- an anchor has no text; a gap anchor shows a quiet mark where the other version has a sentence this
       one lacks (its id is the counterpart the parallel view highlights for that sentence) -->
  <xsl:template match="*[tb:behaviour(.) = 'anchor']" mode="h:text" priority="1">
    <span>
      <xsl:call-template name="h:common-attributes">
        <xsl:with-param name="extra-class" select="@type ! ('anchor-' || tc:css-token(.))"/>
      </xsl:call-template>
      <xsl:if test="@type = 'alignment-gap'">
        <xsl:attribute name="title" select="if (h:is-zh(.)) then '原文此处无对应句子（译文多出的句子）'
          else 'The translation has no sentence for the original’s sentence here'"/>
      </xsl:if>
    </span>
  </xsl:template>

  <!-- ===== verse, lists, tables, figures ===== -->

  <xsl:template match="*[tb:behaviour(.) = 'verse-group']" mode="h:text">
    <xsl:element name="{if (h:in-phrase(.)) then 'span' else 'div'}">
      <xsl:call-template name="h:common-attributes">
        <xsl:with-param name="extra-class" select="'block'"/>
      </xsl:call-template>
      <xsl:apply-templates mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'verse-line']" mode="h:text">
    <span><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'list']" mode="h:text">
    <xsl:apply-templates select="tei:head" mode="h:text"/>
    <xsl:element name="{if (matches(@type || ' ' || @rend, 'order|numbered|decimal')) then 'ol' else 'ul'}">
      <xsl:call-template name="h:common-attributes"/>
      <xsl:apply-templates select="node() except tei:head" mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'list-item']" mode="h:text">
    <li><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></li>
  </xsl:template>

  <!-- a label directly in a list stands as its own list entry -->
  <xsl:template match="*[tb:behaviour(.) = 'label']" mode="h:text">
    <xsl:element name="{if (parent::tei:list) then 'li' else 'span'}">
      <xsl:call-template name="h:common-attributes"/>
      <xsl:apply-templates mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'table']" mode="h:text">
    <table>
      <xsl:call-template name="h:common-attributes"/>
      <xsl:if test="tei:head">
        <caption><xsl:apply-templates select="tei:head/node()" mode="h:text"/></caption>
      </xsl:if>
      <tbody><xsl:apply-templates select="node() except tei:head" mode="h:text"/></tbody>
    </table>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'row']" mode="h:text">
    <tr><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></tr>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'cell']" mode="h:text">
    <xsl:element name="{if (@role = 'label' or ../@role = 'label') then 'th' else 'td'}">
      <xsl:call-template name="h:common-attributes"/>
      <xsl:if test="@cols castable as xs:positiveInteger">
        <xsl:attribute name="colspan" select="@cols"/>
      </xsl:if>
      <xsl:if test="@rows castable as xs:positiveInteger">
        <xsl:attribute name="rowspan" select="@rows"/>
      </xsl:if>
      <xsl:apply-templates mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'figure']" mode="h:text">
    <xsl:element name="{if (h:in-phrase(.)) then 'span' else 'figure'}">
      <xsl:call-template name="h:common-attributes">
        <xsl:with-param name="extra-class" select="'block'"/>
      </xsl:call-template>
      <xsl:apply-templates mode="h:text"/>
    </xsl:element>
  </xsl:template>

  <!-- only an image inside the site is shown (no request to another host); others are links -->
  <xsl:template match="*[tb:behaviour(.) = 'graphic']" mode="h:text">
    <xsl:variable name="src" select="tc:safe-url(@url)"/>
    <xsl:variable name="alt" select="normalize-space(string-join(../tei:figDesc, ' '))"/>
    <xsl:choose>
      <xsl:when test="$src != '' and not(matches($src, '^([a-zA-Z][a-zA-Z0-9+.\-]*:|//)'))">
        <img src="{$src}" alt="{$alt}">
          <xsl:call-template name="h:common-attributes"/>
        </img>
      </xsl:when>
      <xsl:when test="$src != ''">
        <a href="{$src}"><xsl:call-template name="h:common-attributes"/>[image]</a>
      </xsl:when>
      <xsl:otherwise>
        <span><xsl:call-template name="h:common-attributes"/>[image]</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'figure-description']" mode="h:text">
    <span><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></span>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'bibl']" mode="h:text">
    <span><xsl:call-template name="h:common-attributes"/><xsl:apply-templates mode="h:text"/></span>
  </xsl:template>

  <!-- not planned for: keep the text, name the element in a class, and say so -->
  <xsl:template match="*[tb:behaviour(.) = 'unknown']" mode="h:text" priority="-1">
    <xsl:message select="'[teiedit:unknown-element] ' || name() || ' at ' || path()"/>
    <span class="{h:class(.)}"><xsl:apply-templates mode="h:text"/></span>
  </xsl:template>

  <!-- ===== entity index (standOff) ===== -->

  <xsl:template match="*" mode="h:entity">
    <xsl:variable name="names" select="(tei:persName | tei:placeName | tei:orgName | tei:name)"/>
    <div class="entity {h:class(.)}" id="{@xml:id}">
      <dt>
        <xsl:for-each select="if (exists($names)) then $names else .">
          <xsl:if test="position() > 1"> · </xsl:if>
          <span>
            <xsl:if test="@xml:lang and tc:lang-tag(@xml:lang) != ''">
              <xsl:attribute name="lang" select="tc:lang-tag(@xml:lang)"/>
            </xsl:if>
            <xsl:value-of select="normalize-space(if (exists($names)) then . else (@n, @xml:id)[1])"/>
          </span>
        </xsl:for-each>
      </dt>
      <dd>
        <xsl:for-each select="* except $names">
          <xsl:variable name="url" select="tc:safe-url(if (self::tei:idno) then normalize-space(.) else '')"/>
          <span class="{h:class(.)}">
            <xsl:choose>
              <xsl:when test="matches($url, '^https?:', 'i')">
                <a href="{$url}"><xsl:value-of select="normalize-space(.)"/></a>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
            </xsl:choose>
          </span>
          <xsl:text> </xsl:text>
        </xsl:for-each>
        <xsl:for-each select="tokenize(normalize-space(@sameAs), ' ')[matches(tc:safe-url(.), '^https?:', 'i')]">
          <a class="same-as" href="{tc:safe-url(.)}"><xsl:value-of select="."/></a>
          <xsl:text> </xsl:text>
        </xsl:for-each>
      </dd>
    </div>
  </xsl:template>
</xsl:stylesheet>

<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry stylesheet: the site's index.html from a small list of article records written by
  teiedit.render_html (one <article> per ArticleMeta, already in date order):
    <index><article id href tei pdf date page section column>
      <title lang="zh-Hans"/> <title lang="en"/> <author lang="…"/>*</article>*</index>
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tc="urn:teiedit:common"
    xmlns:h="urn:teiedit:html"
    exclude-result-prefixes="#all">

  <xsl:include href="../common/links.xsl"/>
  <xsl:include href="page.xsl"/>

  <xsl:mode name="h:index" on-no-match="fail"/>

  <xsl:template match="/">
    <xsl:apply-templates select="index" mode="h:index"/>
  </xsl:template>

  <xsl:template match="index" mode="h:index">
    <xsl:variable name="articles" select="article"/>
    <xsl:call-template name="h:page">
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="page-class" select="'index-page'"/>
      <xsl:with-param name="title" select="$edition-title"/>
      <xsl:with-param name="content">
        <h1 class="index-title">
          <span lang="en"><xsl:value-of select="$edition-title"/></span>
          <xsl:if test="$edition-title-zh != ''">
            <span class="index-title-zh" lang="zh-Hans"><xsl:value-of select="$edition-title-zh"/></span>
          </xsl:if>
        </h1>
        <p class="count">
          <xsl:sequence select="h:ui(count($articles) || (if (count($articles) = 1) then ' article' else ' articles'),
                                     '共 ' || count($articles) || ' 篇')"/>
        </p>
        <xsl:if test="exists($articles)">
          <nav class="years" aria-label="Years and months · 年月">
            <ul>
              <xsl:for-each-group select="$articles" group-by="substring(@date, 1, 4)">
                <li>
                  <a href="#y{current-grouping-key()}"><xsl:value-of select="current-grouping-key()"/></a>
                  <xsl:text> (</xsl:text><xsl:value-of select="count(current-group())"/><xsl:text>)</xsl:text>
                  <ul class="months">
                    <xsl:for-each-group select="current-group()" group-by="substring(@date, 1, 7)">
                      <li><a href="#m{current-grouping-key()}"><xsl:value-of
                          select="format-date(xs:date(current-grouping-key() || '-01'), '[MNn,*-3]', 'en', (), ())"/></a>
                        <xsl:text> (</xsl:text><xsl:value-of select="count(current-group())"/><xsl:text>)</xsl:text>
                      </li>
                    </xsl:for-each-group>
                  </ul>
                </li>
              </xsl:for-each-group>
            </ul>
          </nav>
        </xsl:if>
        <xsl:for-each-group select="$articles" group-by="substring(@date, 1, 4)">
          <section class="year" aria-labelledby="y{current-grouping-key()}">
            <h2 id="y{current-grouping-key()}">
              <xsl:value-of select="current-grouping-key()"/>
              <span class="n"> · <xsl:sequence select="h:ui(count(current-group())
                  || (if (count(current-group()) = 1) then ' article' else ' articles'),
                  '共 ' || count(current-group()) || ' 篇')"/></span>
            </h2>
            <xsl:for-each-group select="current-group()" group-by="substring(@date, 1, 7)">
              <section class="month" aria-labelledby="m{current-grouping-key()}">
                <h3 id="m{current-grouping-key()}">
                  <xsl:sequence select="h:ui(h:date-en(current-grouping-key()), h:date-zh(current-grouping-key()))"/>
                  <span class="n"> · <xsl:value-of select="count(current-group())"/></span>
                </h3>
                <ol class="article-list">
                  <xsl:apply-templates select="current-group()" mode="h:index"/>
                </ol>
              </section>
            </xsl:for-each-group>
          </section>
        </xsl:for-each-group>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="article" mode="h:index">
    <li class="article-entry" id="a-{@id}">
      <xsl:if test="not(preceding-sibling::article[1]/@date = @date)">
        <span class="day-anchor" id="d{@date}"></span>
      </xsl:if>
      <p class="when">
        <time datetime="{@date}"><xsl:value-of select="@date"/></time>
        <xsl:if test="@page != ''"> · p. <xsl:value-of select="@page"/></xsl:if>
        <xsl:if test="@section != ''"> · <xsl:value-of select="@section"/></xsl:if>
        <xsl:if test="@column != ''"> · <xsl:value-of select="@column"/></xsl:if>
      </p>
      <p class="titles">
        <a href="{tc:safe-url(@href)}">
          <span class="t-zh" lang="zh-Hans"><xsl:value-of select="title[@lang = 'zh-Hans']"/></span>
          <span class="t-en" lang="en"><xsl:value-of select="title[@lang = 'en']"/></span>
        </a>
      </p>
      <p class="by">
        <xsl:if test="author">
          <span lang="zh-Hans"><xsl:value-of select="string-join(author[@lang = 'zh-Hans'], '、')"/></span>
          <xsl:if test="author[@lang = 'en']">
            <xsl:text> </xsl:text>
            <span lang="en"><xsl:value-of select="string-join(author[@lang = 'en'], '; ')"/></span>
          </xsl:if>
        </xsl:if>
        <span class="downloads">
          <a href="{tc:safe-url(@tei)}" type="application/tei+xml" aria-label="TEI of {@id}">TEI</a>
          <xsl:if test="@pdf != ''">
            <xsl:text> </xsl:text>
            <a href="{tc:safe-url(@pdf)}" type="application/pdf" aria-label="PDF of {@id}">PDF</a>
          </xsl:if>
        </span>
      </p>
    </li>
  </xsl:template>
</xsl:stylesheet>
